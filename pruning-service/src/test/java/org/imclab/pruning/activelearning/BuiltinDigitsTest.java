package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.imclab.pruning.activelearning.data.PoolData;
import org.junit.jupiter.api.Test;

/** builtin:digits ships with the service, not only with its tests (it used to be rejected in production). */
class BuiltinDigitsTest {

    @Test
    void digitsAreOnTheMainClasspath() throws Exception {
        List<URL> urls = Collections.list(BuiltinDatasetSource.class.getClassLoader()
                .getResources(BuiltinDatasetSource.DIGITS_RESOURCE));
        assertThat(urls).extracting(URL::toString).anyMatch(u -> !u.contains("test-classes"));
        PoolData digits = new BuiltinDatasetSource().load("builtin:digits").orElseThrow();
        assertThat(digits.data().size()).isEqualTo(1797);
        assertThat(digits.poolIds().length + digits.testIds().length).isEqualTo(1797);
    }
}
