package org.imclab.common.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imclab.common.web.ApiException;
import org.junit.jupiter.api.Test;

class MetricFilterTest {

    @Test
    void encodingSafeFormMapsEachWordToItsOperator() {
        assertThat(RunQuery.MetricFilter.parse("test_acc:gte:0.98")).isEqualTo(new RunQuery.MetricFilter("test_acc", ">=", 0.98));
        assertThat(RunQuery.MetricFilter.parse("loss:lt:1e-3")).isEqualTo(new RunQuery.MetricFilter("loss", "<", 0.001));
        assertThat(RunQuery.MetricFilter.parse("val/acc:eq:1")).isEqualTo(new RunQuery.MetricFilter("val/acc", "=", 1.0));
        assertThat(RunQuery.MetricFilter.parse("edp:lte:-2")).isEqualTo(new RunQuery.MetricFilter("edp", "<=", -2.0));
        assertThat(RunQuery.MetricFilter.parse("x:gt:5")).isEqualTo(new RunQuery.MetricFilter("x", ">", 5.0));
    }

    @Test
    void symbolicFormStillWorksOnceDecoded() {
        assertThat(RunQuery.MetricFilter.parse("test_acc>=0.98")).isEqualTo(new RunQuery.MetricFilter("test_acc", ">=", 0.98));
        assertThat(RunQuery.MetricFilter.parse(" loss < 2 ")).isEqualTo(new RunQuery.MetricFilter("loss", "<", 2.0));
    }

    @Test
    void malformedFiltersNameTheParameter() {
        for (String bad : new String[] {"test_acc", "test_acc:gte", "test_acc:between:1", "test_acc:gte:abc", "acc>=NaN",
                "acc:gt:Infinity", ""}) {
            assertThatThrownBy(() -> RunQuery.MetricFilter.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage() + e.errors()).contains("metric"));
        }
    }
}
