package org.imclab.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ADR 0009: active learning is a module of its own inside pruning-service. Its package and the pruning
 * package share only the common library and the service's wiring, never each other's classes, so either
 * could move to a service of its own without untangling code. Read from the sources: imports and fully
 * qualified names both count.
 */
class ModuleBoundaryTest {

    private static final Path ROOT = Path.of("src/main/java/org/imclab/pruning");
    private static final Pattern REFERENCE = Pattern.compile("org\\.imclab\\.pruning\\.(\\w+)\\.(\\w+)");

    @Test
    void activeLearningAndPruningUseNoneOfEachOthersClasses() throws IOException {
        assertThat(crossings("activelearning", "pruning")).as("active learning -> pruning").isEmpty();
        assertThat(crossings("pruning", "activelearning")).as("pruning -> active learning").isEmpty();
    }

    private static List<String> crossings(String from, String to) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve(from))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    Matcher m = REFERENCE.matcher(Files.readString(f));
                    return m.results().filter(r -> r.group(1).equals(to))
                            .map(r -> from + " -> " + to + "." + r.group(2)).toList().stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).distinct().toList();
        }
    }
}
