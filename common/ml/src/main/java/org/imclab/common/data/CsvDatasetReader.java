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
     * @param numClasses  null to take the classes from the distinct labels; otherwise the labels must be
     *                    integers in [0, numClasses) and are used as class indices as they are
     */
    public record Options(Boolean header, String labelColumn, int labelIndex, char delimiter, Integer numClasses) {

        public Options(Boolean header, String labelColumn, int labelIndex, char delimiter) {
            this(header, labelColumn, labelIndex, delimiter, null);
        }

        public static Options defaults() {
            return new Options(null, null, -1, ',', null);
        }

        public Options withHeader(boolean h) {
            return new Options(h, labelColumn, labelIndex, delimiter, numClasses);
        }

        public Options withLabelColumn(String name) {
            return new Options(header, name, labelIndex, delimiter, numClasses);
        }

        public Options withLabelIndex(int index) {
            return new Options(header, null, index, delimiter, numClasses);
        }

        public Options withDelimiter(char d) {
            return new Options(header, labelColumn, labelIndex, d, numClasses);
        }

        public Options withNumClasses(Integer n) {
            return new Options(header, labelColumn, labelIndex, delimiter, n);
        }
    }

    private CsvDatasetReader() {
    }

    public static TabularDataset read(InputStream in) {
        return read(in, Options.defaults());
    }

    public static TabularDataset read(InputStream in, Options options) {
        return read(in, options, DataLimits.defaults().budget());
    }

    /** As {@link #read(InputStream, Options)}, with the (possibly gzipped) file drawing on {@code budget}. */
    public static TabularDataset read(InputStream in, Options options, DecompressionBudget budget) {
        if (options.numClasses() != null) {
            ClassLabels.requireValidCount(options.numClasses());
        }
        List<Line> lines = lines(budget.open(in, "file"), options.delimiter());
        if (lines.isEmpty()) {
            throw new DataFormatException("file", "the CSV file is empty");
        }
        if (options.header() == null && options.labelColumn() == null && isSklearnHeader(lines)) {
            return readSklearn(lines, options.numClasses());
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
                    rawLabels.add(label(v, line.number(), names.get(j)));
                } else {
                    features[k++] = number(v, line.number(), names.get(j));
                }
            }
        }
        return labelled(features, rawLabels, rows.stream().mapToInt(Line::number).toArray(), featureNames,
                options.numClasses(), names.get(label));
    }

    private static TabularDataset readSklearn(List<Line> lines, Integer numClasses) {
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
        if (!classNames.isEmpty() && numClasses != null && numClasses != classNames.size()) {
            throw new DataFormatException("numClasses", "is " + numClasses + " but the file's header names "
                    + classNames.size() + " classes");
        }
        List<String> names;
        if (classNames.isEmpty()) {
            names = ClassLabels.indexNames(labels, numClasses, "labels");
        } else {
            ClassLabels.requireInRange(labels, classNames.size(), "labels");
            names = classNames;
        }
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

    private static TabularDataset labelled(float[] features, List<String> raw, int[] lineNumbers,
            List<String> featureNames, Integer numClasses, String labelColumn) {
        // numpy.savetxt writes integer targets as floats ("7.000000000000000000e+00"), so any integral
        // number counts as an integer label.
        boolean numeric = raw.stream().allMatch(CsvDatasetReader::isInteger);
        if (numClasses != null) {
            return indexed(features, raw, lineNumbers, featureNames, numClasses, numeric, labelColumn);
        }
        List<String> keys = raw.stream().map(v -> numeric ? String.valueOf((long) Double.parseDouble(v.strip())) : v)
                .toList();
        List<String> classes = numeric
                ? new TreeSet<>(keys.stream().map(Long::parseLong).toList()).stream().map(String::valueOf).toList()
                : List.copyOf(new TreeSet<>(keys));
        if (classes.size() > ClassLabels.MAX_CLASSES) {
            throw new DataFormatException("labels", "column '" + labelColumn + "' has " + classes.size()
                    + " distinct labels, above the limit of " + ClassLabels.MAX_CLASSES + " classes");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] labels = keys.stream().mapToInt(index::get).toArray();
        return new TabularDataset(features, labels, featureNames, classes);
    }

    /** With an explicit class count the labels are class indices themselves: 0..numClasses-1. */
    private static TabularDataset indexed(float[] features, List<String> raw, int[] lineNumbers,
            List<String> featureNames, int numClasses, boolean numeric, String labelColumn) {
        if (!numeric) {
            throw new DataFormatException("numClasses", "applies to integer labels, but column '" + labelColumn
                    + "' holds names; leave numClasses out and the distinct names become the classes");
        }
        int[] labels = new int[raw.size()];
        for (int r = 0; r < labels.length; r++) {
            double d = Double.parseDouble(raw.get(r).strip());
            if (d < 0 || d >= numClasses) {
                throw new DataFormatException("line " + lineNumbers[r], "column '" + labelColumn + "' label '"
                        + raw.get(r) + "' is outside [0, " + numClasses + ")");
            }
            labels[r] = (int) d;
        }
        return new TabularDataset(features, labels, featureNames,
                IntStream.range(0, numClasses).mapToObj(String::valueOf).toList());
    }

    /** A label cell: anything but a number that is not finite ("NaN", "Infinity", "1e999"). */
    private static String label(String v, int line, String column) {
        if (isNumber(v) && !Double.isFinite(Double.parseDouble(v.strip()))) {
            throw new DataFormatException("line " + line, "column '" + column + "' label '" + v
                    + "' is not a finite number");
        }
        return v;
    }

    private static float number(String v, int line, String column) {
        float f;
        try {
            f = Float.parseFloat(v.strip());
        } catch (NumberFormatException e) {
            throw new DataFormatException("line " + line, "column '" + column + "' value '" + v + "' is not a number");
        }
        // NaN and infinities (written out, or a value beyond float range such as 1e39) would poison the
        // standardisation statistics and every gradient that touches them.
        if (!Float.isFinite(f)) {
            throw new DataFormatException("line " + line, "column '" + column + "' value '" + v
                    + "' is not a finite number");
        }
        return f;
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

    private static List<Line> lines(InputStream in, char delimiter) {
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
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
