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

        private static final java.util.regex.Pattern SYMBOLIC =
                java.util.regex.Pattern.compile("([A-Za-z0-9_.\\-/]+)\\s*(<=|>=|<|>|=)\\s*(\\S+)");
        /** {@code key:gte:value}: no character that needs URL encoding, so shells and clients can't garble it. */
        private static final java.util.regex.Pattern WORDS =
                java.util.regex.Pattern.compile("([A-Za-z0-9_.\\-/]+):(lt|lte|gt|gte|eq):(\\S+)");
        private static final java.util.Map<String, String> OPS =
                java.util.Map.of("lt", "<", "lte", "<=", "gt", ">", "gte", ">=", "eq", "=");

        /**
         * Parses {@code val_acc:gte:0.9} (the encoding-safe form) or {@code val_acc>=0.9} (URL-encoded);
         * anything else is a 400 naming the {@code metric} parameter.
         */
        public static MetricFilter parse(String text) {
            String t = text.trim();
            var words = WORDS.matcher(t);
            if (words.matches()) {
                return of(words.group(1), OPS.get(words.group(2)), words.group(3));
            }
            var symbolic = SYMBOLIC.matcher(t);
            if (symbolic.matches()) {
                return of(symbolic.group(1), symbolic.group(2), symbolic.group(3));
            }
            throw ApiException.badRequest("metric",
                    "'" + text + "' is not of the form key:op:value (op one of lt, lte, gt, gte, eq), e.g. test_acc:gte:0.98");
        }

        private static MetricFilter of(String key, String op, String number) {
            try {
                double v = Double.parseDouble(number);
                if (!Double.isFinite(v)) {
                    throw ApiException.badRequest("metric", "'" + number + "' is not a finite number");
                }
                return new MetricFilter(key, op, v);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("metric", "'" + number + "' is not a number");
            }
        }
    }
}
