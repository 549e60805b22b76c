package org.imclab.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the dashboard's JavaScript unit tests (src/test/js, node's built-in test runner) from Maven: the
 * run pager that walks /api/v1/runs by keyset page tokens, and the filter text that becomes API filters.
 * The dashboard has no build step, so node is the only extra tool; where it is missing the test is
 * skipped, not failed (the browser test still drives the same code in Chromium).
 */
class RunPagerScriptTest {

    @Test
    void runPagerPassesItsNodeTests() throws Exception {
        Assumptions.assumeTrue(nodeAvailable(), "node is not installed");
        Path tests = Path.of("src/test/js");
        assertThat(tests).isDirectory();
        Process node = new ProcessBuilder("node", "--test", tests.toString()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        // Each test file's cases ran; an empty directory would also exit 0.
        assertThat(output).contains("# pass 3").contains("# fail 0");
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
