package org.imclab.common.tracking;

import java.util.List;
import java.util.Map;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.PageToken;

/**
 * Filters for run search. Metric filters compare a run's latest value of a metric, written
 * {@code key>=value} with one of {@code < <= > >= =}.
 */
public record RunQuery(
        String experiment,
        String kind,
        String state,
        Map<String, String> params,
        List<MetricFilter> metrics,
        int pageSize,
        PageToken pageToken) {

    public record MetricFilter(String key, String op, double value) {

        private static final java.util.regex.Pattern FORM =
                java.util.regex.Pattern.compile("([A-Za-z0-9_.\\-/]+)\\s*(<=|>=|<|>|=)\\s*(-?[0-9.eE+\\-]+)");

        /** Parses {@code val_acc>=0.9}; anything else is a 400 naming the {@code metric} parameter. */
        public static MetricFilter parse(String text) {
            var m = FORM.matcher(text.trim());
            if (!m.matches()) {
                throw ApiException.badRequest("metric", "'" + text + "' is not of the form key>=value");
            }
            try {
                return new MetricFilter(m.group(1), m.group(2), Double.parseDouble(m.group(3)));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("metric", "'" + m.group(3) + "' is not a number");
            }
        }
    }
}
