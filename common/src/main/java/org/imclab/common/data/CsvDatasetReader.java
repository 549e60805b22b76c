package org.imclab.common.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Reads a classification table from CSV (optionally gzipped). One column is the label (by name, by index,
 * default the last); the others must be numbers. Labels may be integers or strings; either way the
 * distinct values, sorted (numerically for integers), become class indices 0..k-1.
 *
 * <p>Also reads scikit-learn's bundled data files (iris.csv, wine_data.csv, breast_cancer.csv,
 * digits.csv.gz): their first line is "n_samples,n_features,class names..." and each row is the features
 * then an integer target. That dialect is detected when the header is left to auto-detection: the first
 * line starts with two positive integers, the next line has exactly n_features + 1 fields and n_samples
 * rows follow. digits.csv.gz
 * has no header line at all and reads as plain numeric CSV with the label last.
 */
public final class CsvDatasetReader {

    /**
     * @param header      true/false, or null to detect a header line
     * @param labelColumn label column by header name; null to use {@code labelIndex}
     * @param labelIndex  label column by position, negative counting from the end (-1 = last)
     * @param delimiter   field separator
     */
    public record Options(Boolean header, String labelColumn, int labelIndex, char delimiter) {
        public static Options defaults() {
            return new Options(null, null, -1, ',');
        }

        public Options withHeader(boolean h) {
            return new Options(h, labelColumn, labelIndex, delimiter);
        }

        public Options withLabelColumn(String name) {
            return new Options(header, name, labelIndex, delimiter);
        }

        public Options withLabelIndex(int index) {
            return new Options(header, null, index, delimiter);
        }

        public Options withDelimiter(char d) {
            return new Options(header, labelColumn, labelIndex, d);
        }
    }

    private CsvDatasetReader() {
    }

    public static TabularDataset read(InputStream in) {
        return read(in, Options.defaults());
    }

    public static TabularDataset read(InputStream in, Options options) {
        List<Line> lines = lines(in, options.delimiter());
        if (lines.isEmpty()) {
            throw new DataFormatException("file", "the CSV file is empty");
        }
        if (options.header() == null && options.labelColumn() == null && isSklearnHeader(lines)) {
            return readSklearn(lines);
        }
        boolean header = options.header() != null ? options.header() : looksLikeHeader(lines);
        List<String> names;
        int width = lines.get(0).fields().size();
        if (header) {
            names = lines.get(0).fields();
        } else {
            names = IntStream.range(0, width).mapToObj(j -> "column_" + j).toList();
        }
        int label = labelIndex(options, names, header);
        List<Line> rows = lines.subList(header ? 1 : 0, lines.size());
        if (rows.isEmpty()) {
            throw new DataFormatException("file", "the CSV file has no data rows");
        }
        List<String> featureNames = new ArrayList<>(names);
        featureNames.remove(label);
        if (!header) {
            featureNames = IntStream.range(0, width - 1).mapToObj(j -> "feature_" + j).toList();
        }
        List<String> rawLabels = new ArrayList<>(rows.size());
        float[] features = new float[rows.size() * (width - 1)];
        for (int r = 0; r < rows.size(); r++) {
            Line line = rows.get(r);
            if (line.fields().size() != width) {
                throw new DataFormatException("line " + line.number(), "has " + line.fields().size()
                        + " fields, expected " + width);
            }
            int k = r * (width - 1);
            for (int j = 0; j < width; j++) {
                String v = line.fields().get(j);
                if (j == label) {
                    rawLabels.add(v);
                } else {
                    features[k++] = number(v, line.number(), names.get(j));
                }
            }
        }
        return labelled(features, rawLabels, featureNames);
    }

    private static TabularDataset readSklearn(List<Line> lines) {
        List<String> head = lines.get(0).fields();
        int n = Integer.parseInt(head.get(0).strip());
        int f = Integer.parseInt(head.get(1).strip());
        List<String> classNames = head.subList(2, head.size()).stream().map(String::strip).toList();
        List<Line> rows = lines.subList(1, lines.size());
        float[] features = new float[n * f];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            Line line = rows.get(r);
            if (line.fields().size() != f + 1) {
                throw new DataFormatException("line " + line.number(), "has " + line.fields().size()
                        + " fields, expected " + (f + 1));
            }
            for (int j = 0; j < f; j++) {
                features[r * f + j] = number(line.fields().get(j), line.number(), "feature_" + j);
            }
            labels[r] = integer(line.fields().get(f), line.number());
        }
        int max = IntStream.of(labels).max().orElse(-1);
        int min = IntStream.of(labels).min().orElse(0);
        if (min < 0 || (!classNames.isEmpty() && max >= classNames.size())) {
            throw new DataFormatException("labels", "targets must lie in [0, " + classNames.size() + ")");
        }
        List<String> names = classNames.isEmpty()
                ? IntStream.rangeClosed(0, max).mapToObj(String::valueOf).toList() : classNames;
        return new TabularDataset(features, labels, IntStream.range(0, f).mapToObj(j -> "feature_" + j).toList(),
                names);
    }

    private static boolean isSklearnHeader(List<Line> lines) {
        if (lines.size() < 2) {
            return false;
        }
        List<String> head = lines.get(0).fields();
        if (head.size() < 2) {
            return false;
        }
        Integer n = positiveInt(head.get(0));
        Integer f = positiveInt(head.get(1));
        // Requiring the declared sample count as well keeps headerless numeric files from matching by chance.
        return n != null && f != null && lines.get(1).fields().size() == f + 1 && n == lines.size() - 1;
    }

    private static Integer positiveInt(String s) {
        try {
            int v = Integer.parseInt(s.strip());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A header is assumed when some column is text in the first line but numeric in the second, or, for
     * a one-line file, when every field is text.
     */
    private static boolean looksLikeHeader(List<Line> lines) {
        List<String> first = lines.get(0).fields();
        if (lines.size() == 1) {
            return first.stream().noneMatch(CsvDatasetReader::isNumber);
        }
        List<String> second = lines.get(1).fields();
        for (int j = 0; j < Math.min(first.size(), second.size()); j++) {
            if (!isNumber(first.get(j)) && isNumber(second.get(j))) {
                return true;
            }
        }
        return false;
    }

    private static int labelIndex(Options options, List<String> names, boolean header) {
        if (options.labelColumn() != null) {
            if (!header) {
                throw new DataFormatException("labelColumn", "a label column name needs a header line");
            }
            int i = names.indexOf(options.labelColumn());
            if (i < 0) {
                throw new DataFormatException("labelColumn", "no column '" + options.labelColumn() + "' in " + names);
            }
            return i;
        }
        int i = options.labelIndex() < 0 ? names.size() + options.labelIndex() : options.labelIndex();
        if (i < 0 || i >= names.size()) {
            throw new DataFormatException("labelIndex", "column " + options.labelIndex() + " does not exist in "
                    + names.size() + " columns");
        }
        if (names.size() < 2) {
            throw new DataFormatException("file", "needs at least one feature column besides the label");
        }
        return i;
    }

    private static TabularDataset labelled(float[] features, List<String> raw, List<String> featureNames) {
        // numpy.savetxt writes integer targets as floats ("7.000000000000000000e+00"), so any integral
        // number counts as an integer label.
        boolean numeric = raw.stream().allMatch(CsvDatasetReader::isInteger);
        List<String> keys = raw.stream().map(v -> numeric ? String.valueOf((long) Double.parseDouble(v.strip())) : v)
                .toList();
        List<String> classes = numeric
                ? new TreeSet<>(keys.stream().map(Long::parseLong).toList()).stream().map(String::valueOf).toList()
                : List.copyOf(new TreeSet<>(keys));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] labels = keys.stream().mapToInt(index::get).toArray();
        return new TabularDataset(features, labels, featureNames, classes);
    }

    private static float number(String v, int line, String column) {
        try {
            return Float.parseFloat(v.strip());
        } catch (NumberFormatException e) {
            throw new DataFormatException("line " + line, "column '" + column + "' value '" + v + "' is not a number");
        }
    }

    private static int integer(String v, int line) {
        try {
            double d = Double.parseDouble(v.strip());
            if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
                return (int) d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFormatException("line " + line, "target '" + v + "' is not an integer class");
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInteger(String s) {
        try {
            double d = Double.parseDouble(s.strip());
            return d == Math.rint(d) && Math.abs(d) < 1e15;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A parsed line with its 1-based line number, for error messages. */
    private record Line(int number, List<String> fields) {
    }

    private static List<Line> lines(InputStream raw, char delimiter) {
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Streams.maybeGunzip(raw, "file"),
                StandardCharsets.UTF_8))) {
            String s;
            int number = 0;
            while ((s = r.readLine()) != null) {
                number++;
                if (number == 1 && s.startsWith("\uFEFF")) {
                    s = s.substring(1);
                }
                if (!s.isBlank()) {
                    out.add(new Line(number, split(s, delimiter, number)));
                }
            }
        } catch (IOException e) {
            throw new DataFormatException("file", "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /** RFC 4180 fields on one line: quotes may wrap a field and "" inside quotes is a quote. */
    static List<String> split(String line, char delimiter, int number) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new DataFormatException("line " + number, "unterminated quoted field");
        }
        fields.add(cur.toString());
        return fields;
    }
}
