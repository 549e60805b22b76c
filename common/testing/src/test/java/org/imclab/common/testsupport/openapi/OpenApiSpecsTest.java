package org.imclab.common.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed-spec check: equal passes, different fails with the regeneration command, write regenerates. */
class OpenApiSpecsTest {

    @TempDir
    Path dir;

    @Test
    void theSameDocumentInAnotherKeyOrderIsCurrent() throws Exception {
        Path committed = Files.writeString(dir.resolve("svc.json"), OpenApiSpecs.normalize("{\"b\":1,\"a\":{\"d\":2,\"c\":3}}"));

        String served = OpenApiSpecs.normalize("{\"a\":{\"c\":3,\"d\":2},\"b\":1}");

        assertThat(OpenApiSpecs.check("svc", "svc-module", served, committed, dir.resolve("out/svc.json"), false)).isNull();
        assertThat(dir.resolve("out/svc.json")).hasContent(served);
    }

    @Test
    void aChangedDocumentFailsWithTheCommandThatRegeneratesIt() throws Exception {
        Path committed = Files.writeString(dir.resolve("svc.json"), OpenApiSpecs.normalize("{\"a\":1}"));
        String served = OpenApiSpecs.normalize("{\"a\":2}");

        String stale = OpenApiSpecs.check("svc", "svc-module", served, committed, dir.resolve("out/svc.json"), false);

        assertThat(stale).contains("docs/openapi/svc.json differs")
                .contains("mvn -B -pl svc-module -am test -Dtest=OpenApiSpecTest")
                .contains("-Dimclab.openapi.write=true");
        assertThat(committed).hasContent(OpenApiSpecs.normalize("{\"a\":1}"));
    }

    @Test
    void writeModeRegeneratesTheCommittedFile() throws Exception {
        Path committed = Files.writeString(dir.resolve("svc.json"), OpenApiSpecs.normalize("{\"a\":1}"));
        String served = OpenApiSpecs.normalize("{\"a\":2}");

        assertThat(OpenApiSpecs.check("svc", "svc-module", served, committed, dir.resolve("out/svc.json"), true)).isNull();
        assertThat(committed).hasContent(served);
    }
}
