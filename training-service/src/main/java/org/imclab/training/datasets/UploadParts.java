package org.imclab.training.datasets;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imclab.common.web.ApiException;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The parts each upload format reads. A part outside that set would be dropped without a word (a CSV's
 * testFile was, once), so every other part is a 400 naming it.
 */
final class UploadParts {

    private static final Set<String> COMMON = Set.of("name", "format", "file", "splitSeed", "valFraction",
            "testFraction", "numClasses");
    private static final Map<String, Set<String>> BY_FORMAT = Map.of(
            "idx", Set.of("labelsFile", "testFile", "testLabelsFile"),
            "cifar10", Set.of("testFile"),
            "cifar100", Set.of("testFile", "coarse"),
            "csv", Set.of("labelColumn", "testFile"),
            "imagefolder", Set.of("testFile"));

    private UploadParts() {
    }

    /** Throws 400 naming the first part (form field or file) that {@code format} does not use. */
    static void check(String format, MultipartHttpServletRequest request, boolean hasTestFile) {
        Set<String> given = new LinkedHashSet<>(request.getParameterMap().keySet());
        given.addAll(request.getMultiFileMap().keySet());
        Set<String> allowed = BY_FORMAT.getOrDefault(format, Set.of());
        for (String part : given) {
            if (!COMMON.contains(part) && !allowed.contains(part)) {
                throw ApiException.badRequest(part, BY_FORMAT.values().stream().anyMatch(s -> s.contains(part))
                        ? "is not used by format " + format + " (it takes " + allowed.stream().sorted().toList() + ")"
                        : "is not a part of a data set upload");
            }
        }
        if (hasTestFile && given.contains("testFraction")) {
            throw ApiException.badRequest("testFraction", "does not apply: the testFile is the test split");
        }
        if (!hasTestFile && hasContent(request, "testLabelsFile")) {
            throw ApiException.badRequest("testLabelsFile", "is not used without a testFile");
        }
    }

    private static boolean hasContent(MultipartHttpServletRequest request, String part) {
        return request.getMultiFileMap().getOrDefault(part, List.of()).stream().anyMatch(f -> !f.isEmpty());
    }
}
