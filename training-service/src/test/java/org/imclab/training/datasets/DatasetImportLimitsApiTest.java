package org.imclab.training.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.imclab.common.data.Bombs;
import org.imclab.training.support.GeneratedCifar;
import org.imclab.training.support.MnistSubset;
import org.imclab.training.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;

/**
 * Hostile uploads on the real import endpoint: decompression bombs (IDX gzip, image-folder zip, CIFAR gzip)
 * are refused with 400/413 problem+json naming the part while the heap stays small, a corrupt label is not
 * taken for a new class, and non-finite CSV values are refused.
 */
class DatasetImportLimitsApiTest extends ServiceTest {

    /** About 1.8 MB on the wire, 1.75 GB inflated; below the 3 MB upload limit of the tests. */
    private static final int BOMB_MIB = 1750;

    /** Most the old generation may grow while the bombs are refused: they must never be held inflated. */
    private static final long HEAP_GROWTH_LIMIT = 256L << 20;

    private static MockMultipartFile part(String name, byte[] content) {
        return new MockMultipartFile(name, name + ".bin", MediaType.APPLICATION_OCTET_STREAM_VALUE, content);
    }

    private static byte[] gunzip(byte[] gz) throws Exception {
        return new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    }

    @Test
    void decompressionBombsAreRefusedWithTheHeapIntact() throws Exception {
        byte[] labels = MnistSubset.bytes("train-labels-idx1-ubyte.gz");
        // Header within the limit (255,000 28x28 images = 200 MB), body a bomb of zeros.
        byte[] idxBomb = Bombs.gzip(Bombs.idxImagesHeader(255_000, 28, 28), BOMB_MIB);
        byte[] idxClaim = Bombs.gzip(Bombs.idxImagesHeader(2_000_000, 28, 28), 16);
        byte[] zipBomb = Bombs.zip("cat/001.png", BOMB_MIB);
        byte[] cifarBomb = Bombs.gzip(new byte[0], BOMB_MIB);
        assertThat(idxBomb.length).isBetween(1_500_000, 2_000_000);

        List<MemoryPoolMXBean> oldGen = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported())
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured")).toList();
        long before = oldGen.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        oldGen.forEach(MemoryPoolMXBean::resetPeakUsage);

        mvc.perform(multipart("/api/v1/datasets").file(part("file", idxBomb)).file(part("labelsFile", labels))
                        .param("name", "bomb-idx").param("format", "idx"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("decompression bomb")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", idxClaim)).file(part("labelsFile", labels))
                        .param("name", "bomb-idx").param("format", "idx"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("limit")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", zipBomb))
                        .param("name", "bomb-zip").param("format", "imagefolder"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("decompression bomb")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", GeneratedCifar.batch(5, 1)))
                        .file(part("file", cifarBomb)).param("name", "bomb-cifar").param("format", "cifar10"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("file[1]"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("decompression bomb")));

        long peak = oldGen.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        if (!oldGen.isEmpty()) {
            assertThat(peak - before).as("old generation growth while refusing bombs").isLessThan(HEAP_GROWTH_LIMIT);
        }
        // The service keeps answering, and a real upload still imports.
        mvc.perform(get("/api/v1/datasets")).andExpect(status().isOk());
        mvc.perform(multipart("/api/v1/datasets").file(part("file", GeneratedCifar.batch(30, 7)))
                        .param("name", "after-bombs").param("format", "cifar10"))
                .andExpect(status().isCreated());
    }

    @Test
    void aLabelOutsideTheClassesIsNotANewClass() throws Exception {
        byte[] images = MnistSubset.bytes("train-images-idx3-ubyte.gz");
        byte[] labels = gunzip(MnistSubset.bytes("train-labels-idx1-ubyte.gz"));
        labels[8 + 1234] = (byte) 200;
        mvc.perform(multipart("/api/v1/datasets").file(part("file", images)).file(part("labelsFile", labels))
                        .param("name", "label-200").param("format", "idx"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("labelsFile"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("index 1234")))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("numClasses=201")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", images)).file(part("labelsFile", labels))
                        .param("name", "label-200").param("format", "idx").param("numClasses", "10"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("labelsFile"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("label 200 at index 1234 is outside [0, 10)")));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", images))
                        .file(part("labelsFile", MnistSubset.bytes("train-labels-idx1-ubyte.gz")))
                        .param("name", "label-ok").param("format", "idx").param("numClasses", "10"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.numClasses").value(10));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", GeneratedCifar.batch(10, 1)))
                        .param("name", "cifar-n").param("format", "cifar10").param("numClasses", "7"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("numClasses"));
        mvc.perform(multipart("/api/v1/datasets").file(part("file", images)).file(part("labelsFile", labels))
                        .param("name", "label-200").param("format", "idx").param("numClasses", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("numClasses"));
    }

    @Test
    void nonFiniteCsvCellsAreRefusedNamingLineAndColumn() throws Exception {
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "nan", "-INF")) {
            String csv = "x,y,label\n1,2,a\n3,4,b\n5," + bad + ",a\n6,7,b\n";
            mvc.perform(multipart("/api/v1/datasets").file(part("file", csv.getBytes()))
                            .param("name", "nan-csv").param("format", "csv"))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", "application/problem+json"))
                    .andExpect(jsonPath("$.errors[0].field").value("file"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("line 4")))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("column 'y'")));
        }
    }
}
