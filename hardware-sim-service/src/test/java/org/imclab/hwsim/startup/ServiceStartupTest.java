package org.imclab.hwsim.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.testsupport.TestInternalSecret;
import org.imclab.common.web.InternalSecretException;
import org.imclab.hwsim.HardwareSimServiceApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How the real service starts: on loopback unless told otherwise, so only the gateway on the same
 * host reaches it, and not at all without the internal secret that its credential check needs.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServiceStartupTest {

    private static List<String> args(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + TestDatabase.freshDatabaseUrl(),
                "--spring.datasource.username=" + TestDatabase.server().user(),
                "--spring.datasource.password=" + TestDatabase.server().password(),
                "--server.port=0",
                "--imclab.worker.enabled=false",
                "--imclab.webhooks.enabled=false",
                "--imclab.artifacts.cache-dir=" + Files.createTempDirectory("hwsim-startup")));
        args.addAll(List.of(extra));
        return args;
    }

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(HardwareSimServiceApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void listensOnLoopbackOnlyByDefault() throws Exception {
        try (ConfigurableApplicationContext context = start(args())) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
            for (InetAddress external : nonLoopbackAddresses()) {
                assertThat(connects(external, port)).as("reachable on %s", external).isFalse();
            }
        }
    }

    @Test
    void refusesToStartWithoutTheInternalSecretAndSaysHowToSetIt(CapturedOutput output) throws Exception {
        List<String> withoutSecret = args("--imclab.internal.secret=", "--" + TestInternalSecret.DISABLE + "=false");

        assertThatThrownBy(() -> start(withoutSecret).close())
                .hasRootCauseInstanceOf(InternalSecretException.class)
                .rootCause().hasMessageContaining("IMCLAB_INTERNAL_SECRET").hasMessageContaining("not set");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Set IMCLAB_INTERNAL_SECRET (at least 16 characters")
                .contains("./imclab up' generates one");
    }

    @Test
    void refusesAShortSecret() throws Exception {
        assertThatThrownBy(() -> start(args("--imclab.internal.secret=guessable")).close())
                .hasRootCauseInstanceOf(InternalSecretException.class)
                .rootCause().hasMessageContaining("too short");
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
                        .forEach(out::add);
            }
        }
        return out;
    }
}
