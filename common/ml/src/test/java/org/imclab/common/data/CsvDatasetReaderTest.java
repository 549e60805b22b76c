package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvDatasetReaderTest {

    private static TabularDataset read(String csv) {
        return CsvDatasetReader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static TabularDataset read(String csv, CsvDatasetReader.Options o) {
        return CsvDatasetReader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), o);
    }

    @Test
    void readsSklearnIrisDialect() {
        // The first lines of sklearn/datasets/data/iris.csv.
        TabularDataset d = read("""
                4,4,setosa,versicolor,virginica
                5.1,3.5,1.4,0.2,0
                4.9,3.0,1.4,0.2,0
                7.0,3.2,4.7,1.4,1
                6.3,3.3,6.0,2.5,2
                """);
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.numFeatures()).isEqualTo(4);
        assertThat(d.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.labels()).containsExactly(0, 0, 1, 2);
        assertThat(d.row(2)).containsExactly(7.0f, 3.2f, 4.7f, 1.4f);
    }

    @Test
    void readsSklearnWineDialectWithFewerHeaderFieldsThanColumns() {
        TabularDataset d = read("""
                2,3,class_0,class_1,class_2
                14.23,1.71,2.43,0
                13.2,1.78,2.14,2
                """);
        assertThat(d.classNames()).containsExactly("class_0", "class_1", "class_2");
        assertThat(d.labels()).containsExactly(0, 2);
    }

    @Test
    void readsHeaderlessGzippedDigitsLikeFiles() throws IOException {
        // digits.csv.gz: 64 pixel values then the digit, no header line.
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 64; j++) {
                csv.append(String.format(java.util.Locale.ROOT, "%.18e,", (double) ((r + j) % 17)));
            }
            csv.append(String.format(java.util.Locale.ROOT, "%.18e%n", (double) (r == 2 ? 7 : r)));
        }
        byte[] gz = IdxReaderTest.gzip(csv.toString().getBytes(StandardCharsets.UTF_8));
        TabularDataset d = CsvDatasetReader.read(new ByteArrayInputStream(gz));
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.numFeatures()).isEqualTo(64);
        assertThat(d.classNames()).containsExactly("0", "1", "7");
        assertThat(d.labels()).containsExactly(0, 1, 2);
        assertThat(d.row(1)[0]).isEqualTo(1.0f);
    }

    @Test
    void headerWithStringLabelsByName() {
        TabularDataset d = read("""
                species,sepal_length,"sepal, width"
                virginica,6.3,3.3
                setosa,5.1,3.5
                versicolor,7.0,3.2
                setosa,4.9,3.0
                """, CsvDatasetReader.Options.defaults().withLabelColumn("species"));
        assertThat(d.featureNames()).containsExactly("sepal_length", "sepal, width");
        assertThat(d.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.labels()).containsExactly(2, 0, 1, 0);
        assertThat(d.row(0)).containsExactly(6.3f, 3.3f);
    }

    @Test
    void integerLabelsSortNumericallyAndIndexCountsFromTheEnd() {
        TabularDataset d = read("""
                10,1.5,-1
                2,2.5,-2
                10,3.5,-3
                """, CsvDatasetReader.Options.defaults().withLabelIndex(0).withHeader(false));
        assertThat(d.classNames()).containsExactly("2", "10");
        assertThat(d.labels()).containsExactly(1, 0, 1);
        assertThat(catchThrowableOfType(DataFormatException.class, () -> read("""
                10,1.5,a
                2,2.5,b
                """, CsvDatasetReader.Options.defaults().withLabelIndex(0).withHeader(false)))
                .reason()).contains("column_2").contains("'a'");
    }

    @Test
    void badRowsNameTheLine() {
        DataFormatException ragged = catchThrowableOfType(DataFormatException.class, () -> read("""
                x,y,label
                1,2,a
                3,b
                """));
        assertThat(ragged.field()).isEqualTo("line 3");
        assertThat(ragged.reason()).contains("2 fields, expected 3");
        DataFormatException text = catchThrowableOfType(DataFormatException.class, () -> read("""
                x,y,label
                1,2,a
                3,oops,b
                """));
        assertThat(text.field()).isEqualTo("line 3");
        assertThat(text.reason()).contains("'y'").contains("'oops'");
        assertThat(catchThrowableOfType(DataFormatException.class,
                () -> read("a,b\n1,2\n", CsvDatasetReader.Options.defaults().withLabelColumn("c"))).field())
                .isEqualTo("labelColumn");
        assertThat(catchThrowableOfType(DataFormatException.class, () -> read("")).reason()).contains("empty");
        DataFormatException target = catchThrowableOfType(DataFormatException.class, () -> read("""
                2,1,no,yes
                0.5,1
                0.7,1.5
                """));
        assertThat(target.field()).isEqualTo("line 3");
    }

    @Test
    void nonFiniteValuesAreRejectedNamingLineAndColumn() {
        for (String bad : new String[] {"NaN", "nan", "Infinity", "-Infinity", "INF", "-inf", "1e39"}) {
            DataFormatException e = catchThrowableOfType(DataFormatException.class, () -> read("""
                    x,y,label
                    1,2,a
                    3,%s,b
                    """.formatted(bad)));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.field()).as(bad).isEqualTo("line 3");
            assertThat(e.reason()).as(bad).contains("column 'y'").contains("'" + bad + "'");
            assertThat(e.reason()).as(bad).containsAnyOf("not a finite number", "not a number");
        }
        DataFormatException label = catchThrowableOfType(DataFormatException.class, () -> read("""
                x,label
                1,0
                2,NaN
                """));
        assertThat(label.field()).isEqualTo("line 3");
        assertThat(label.reason()).contains("column 'label'").contains("not a finite number");
    }

    @Test
    void explicitClassCountUsesLabelsAsIndicesAndChecksTheirRange() {
        String csv = """
                x,label
                1,0
                2,3
                3,1
                """;
        CsvDatasetReader.Options four = CsvDatasetReader.Options.defaults().withNumClasses(4);
        TabularDataset d = read(csv, four);
        assertThat(d.classNames()).containsExactly("0", "1", "2", "3");
        assertThat(d.labels()).containsExactly(0, 3, 1);
        DataFormatException outside = catchThrowableOfType(DataFormatException.class,
                () -> read(csv, CsvDatasetReader.Options.defaults().withNumClasses(3)));
        assertThat(outside.field()).isEqualTo("line 3");
        assertThat(outside.reason()).contains("'3'").contains("outside [0, 3)");
        DataFormatException names = catchThrowableOfType(DataFormatException.class,
                () -> read("x,label\n1,cat\n2,dog\n", four));
        assertThat(names.field()).isEqualTo("numClasses");
    }

    @Test
    void sklearnTargetsWithoutClassNamesMustNotLeaveClassesEmpty() {
        DataFormatException e = catchThrowableOfType(DataFormatException.class, () -> read("""
                3,1
                0.5,0
                0.7,1
                0.9,200
                """));
        assertThat(e.field()).isEqualTo("labels");
        assertThat(e.reason()).contains("numClasses=201");
    }
}
