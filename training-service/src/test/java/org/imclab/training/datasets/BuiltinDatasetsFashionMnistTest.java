package org.imclab.training.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.imclab.common.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST goes through the real fetch path: {@code apt-get download}, {@code dpkg-deb -x}, gunzip, MD5 check,
 * IDX read. The two Debian tools are stand-in scripts that deliver a tiny package laid out like
 * dataset-fashion-mnist (gzipped IDX files under usr/share/datasets/fashion-mnist), with its own checksums.
 */
class BuiltinDatasetsFashionMnistTest {

    @TempDir
    Path tmp;

    @Test
    void fetchesGunzipsVerifiesAndNamesTheGarmentClasses() throws Exception {
        Map<String, String> md5 = writePackage(tmp.resolve("pkg"));
        BuiltinDatasets builtins = new BuiltinDatasets(tmp.resolve("home").toString(), "npm",
                fakeAptGet().toString(), fakeDpkgDeb(tmp.resolve("pkg")).toString(), Duration.ofSeconds(30), md5);
        assertThat(BuiltinDatasets.NAMES).contains("fashion-mnist");
        assertThat(builtins.cached("fashion-mnist")).isFalse();

        BuiltinDatasets.Fetched first = builtins.fetch("fashion-mnist");
        assertThat(first.downloaded()).isTrue();
        assertThat(first.train().labels()).containsExactly(0, 9, 6);
        assertThat(first.test().labels()).containsExactly(7, 1);
        assertThat(first.train().classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
        assertThat(first.train().height()).isEqualTo(28);
        // Cached uncompressed, like MNIST: the second fetch reads the cache.
        assertThat(Files.isRegularFile(tmp.resolve("home/datasets-raw/fashion-mnist/train-images-idx3-ubyte"))).isTrue();
        assertThat(builtins.fetch("fashion-mnist").downloaded()).isFalse();
    }

    @Test
    void aDifferentReleaseIsRejectedByItsChecksum() throws Exception {
        Map<String, String> md5 = new LinkedHashMap<>(writePackage(tmp.resolve("pkg")));
        md5.put("t10k-labels-idx1-ubyte", "00000000000000000000000000000000");
        BuiltinDatasets builtins = new BuiltinDatasets(tmp.resolve("home").toString(), "npm",
                fakeAptGet().toString(), fakeDpkgDeb(tmp.resolve("pkg")).toString(), Duration.ofSeconds(30), md5);
        assertThatThrownBy(() -> builtins.fetch("fashion-mnist")).isInstanceOf(IOException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte has MD5");
        assertThat(builtins.cached("fashion-mnist")).isFalse();
    }

    @Test
    void withoutAptTheSubmissionIsA503NamingTheTool() {
        BuiltinDatasets builtins = new BuiltinDatasets(tmp.toString(), "npm", "/nonexistent/apt-get", "/nonexistent/dpkg-deb",
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> builtins.requireFetchable("fashion-mnist")).isInstanceOf(ApiException.class)
                .hasMessageContaining("apt-get").hasMessageContaining("fashion-mnist");
    }

    /** Writes the gzipped IDX files of a 3-image train / 2-image test set; returns the uncompressed MD5s. */
    private static Map<String, String> writePackage(Path pkg) throws IOException {
        Path data = Files.createDirectories(pkg.resolve(BuiltinDatasets.FASHION_MNIST_DATA));
        Map<String, byte[]> files = Map.of(
                "train-images-idx3-ubyte", images(3), "train-labels-idx1-ubyte", labels(0, 9, 6),
                "t10k-images-idx3-ubyte", images(2), "t10k-labels-idx1-ubyte", labels(7, 1));
        Map<String, String> md5 = new LinkedHashMap<>();
        for (var e : files.entrySet()) {
            Path raw = pkg.resolve(e.getKey());
            Files.write(raw, e.getValue());
            md5.put(e.getKey(), BuiltinDatasets.md5(raw));
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data.resolve(e.getKey() + ".gz")))) {
                out.write(e.getValue());
            }
        }
        return md5;
    }

    private static byte[] images(int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(28);
        out.writeInt(28);
        for (int i = 0; i < count * 28 * 28; i++) {
            out.writeByte(i % 251);
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(values.length);
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    /** apt-get download PKG: leaves PKG_test_all.deb in the working directory, as the real one does. */
    private Path fakeAptGet() throws IOException {
        return script("apt-get", "#!/bin/sh\n[ \"$1\" = download ] && [ \"$2\" = dataset-fashion-mnist ] || exit 100\n"
                + "echo stand-in > \"$2_test_all.deb\"\n");
    }

    /** dpkg-deb -x DEB DIR: copies the stand-in package tree into DIR. */
    private Path fakeDpkgDeb(Path pkg) throws IOException {
        return script("dpkg-deb", "#!/bin/sh\n[ \"$1\" = -x ] && [ -f \"$2\" ] || exit 2\nmkdir -p \"$3\"\n"
                + "cp -r '" + pkg.resolve("usr") + "' \"$3/\"\n");
    }

    private Path script(String name, String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path f = bin.resolve(name);
        Files.writeString(f, body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }
}
