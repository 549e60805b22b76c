package org.imclab.common.jobs.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imclab.common.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF guard on callbackUrl: only public unicast addresses, after resolution, unless configuration opens more. */
class CallbackUrlPolicyTest {

    static WebhookSettings settings(boolean allowPrivate, List<String> allowed) {
        return new WebhookSettings(true, null, 8, Duration.ofSeconds(1), allowPrivate, allowed);
    }

    /** A resolver with fixed answers, so no test depends on the network's DNS. */
    static CallbackUrlPolicy.NameLookup names(Map<String, String[]> answers) {
        return host -> {
            String[] found = answers.get(host);
            if (found == null) {
                return InetAddress.getAllByName(host);
            }
            InetAddress[] out = new InetAddress[found.length];
            for (int i = 0; i < found.length; i++) {
                out[i] = InetAddress.getByAddress(host, InetAddress.getByName(found[i]).getAddress());
            }
            return out;
        };
    }

    final CallbackUrlPolicy strict = new CallbackUrlPolicy(settings(false, List.of()), names(Map.of(
            "hooks.example.org", new String[] {"203.0.113.7"},
            "split.example.org", new String[] {"203.0.113.8", "10.0.0.5"},
            "metadata.example.org", new String[] {"169.254.169.254"})));

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://127.8.9.10:8081/api/v1/training-jobs/x/cancel", "http://0.0.0.0:8083/",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
            "http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/", "http://localhost:8082/",
            "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::127.0.0.1]/",
            "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::]/", "http://[fe80::1]/",
            "http://[fd12:3456::1]/", "http://[ff02::1]/", "http://split.example.org/", "http://metadata.example.org/"})
    void nonPublicAddressesAreRefused(String url) {
        assertThatThrownBy(() -> strict.check(url)).isInstanceOf(CallbackUrlPolicy.RefusedCallback.class)
                .hasMessageContaining("not a public address");
        assertThatThrownBy(() -> strict.checkSubmitted(url)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("callbackUrl"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f000001/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/",
            "http://127.0.0.01/", "http://017700000001/", "http://8.8.8.010/", "http://134744072/"})
    void ambiguousNumericHostsAreRefusedWhateverTheyMean(String url) {
        assertThatThrownBy(() -> strict.check(url)).isInstanceOf(CallbackUrlPolicy.RefusedCallback.class)
                .hasMessageContaining("numeric form");
    }

    @Test
    void everyResolvedAddressIsCheckedAndTheRefusalNamesIt() {
        assertThatThrownBy(() -> strict.check("https://split.example.org/hook"))
                .hasMessageContaining("'split.example.org' resolves to 10.0.0.5").hasMessageContaining("private");
        assertThatThrownBy(() -> strict.check("http://localhost/")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> strict.check("http://169.254.169.254/")).hasMessageContaining("link-local");
    }

    @Test
    void publicAddressesAndNamesPass() throws Exception {
        assertThat(strict.check("https://hooks.example.org/done?x=1").addresses())
                .extracting(InetAddress::getHostAddress).containsExactly("203.0.113.7");
        assertThat(strict.check("http://8.8.8.8:8443/hook").uri().getPort()).isEqualTo(8443);
        assertThat(strict.check("http://[2001:4860:4860::8888]/").addresses()).hasSize(1);
        assertThatCode(() -> strict.checkSubmitted(null)).doesNotThrowAnyException();
    }

    @Test
    void credentialsSchemesAndGarbageAreRefused() {
        assertThatThrownBy(() -> strict.checkSubmitted("https://user:pass@hooks.example.org/"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errors().get(0).field()).isEqualTo("callbackUrl");
                    assertThat(e.getMessage()).contains("credentials").doesNotContain("pass@");
                });
        assertThatThrownBy(() -> strict.check("https://token@hooks.example.org/")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> strict.check("ftp://hooks.example.org/")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> strict.check("/relative")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> strict.check("http://exa mple.org/")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> strict.checkSubmitted("http://no-such-host.invalid/"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("does not resolve"));
    }

    @Test
    void allowPrivateNetworksOpensLoopbackAndPrivateButNotMetadataOrUnspecified() throws Exception {
        var local = new CallbackUrlPolicy(settings(true, List.of()));
        assertThat(local.check("http://127.0.0.1:9000/hook").addresses()).hasSize(1);
        assertThat(local.check("http://[::1]:9000/hook").addresses()).hasSize(1);
        assertThat(local.check("http://10.1.2.3/hook").addresses()).hasSize(1);
        assertThat(local.check("http://[fd00::1]/hook").addresses()).hasSize(1);
        assertThatThrownBy(() -> local.check("http://169.254.169.254/")).hasMessageContaining("link-local");
        assertThatThrownBy(() -> local.check("http://0.0.0.0/")).hasMessageContaining("unspecified");
        assertThatThrownBy(() -> local.check("http://2130706433/")).hasMessageContaining("numeric form");
        assertThatThrownBy(() -> local.check("http://u:p@127.0.0.1/")).hasMessageContaining("credentials");
    }

    @Test
    void allowedNetworksOpenExactlyTheListedBlocks() throws Exception {
        var lan = new CallbackUrlPolicy(settings(false, List.of("10.20.0.0/16", "fd00:1::/32")));
        assertThat(lan.check("http://10.20.3.4/hook").addresses()).hasSize(1);
        assertThat(lan.check("http://[fd00:1:2::3]/hook").addresses()).hasSize(1);
        assertThatThrownBy(() -> lan.check("http://10.21.0.1/")).hasMessageContaining("private");
        assertThatThrownBy(() -> lan.check("http://127.0.0.1/")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new CallbackUrlPolicy(settings(false, List.of("intranet.example.org/16"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> new CallbackUrlPolicy(settings(false, List.of("10.0.0.0/33"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }

    @Test
    void theDeliveryResolverAnswersOnlyWithVettedAddresses() throws Exception {
        var resolver = strict.dnsResolver();
        assertThat(resolver.resolve("hooks.example.org", 443)).singleElement()
                .satisfies(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("203.0.113.7"));
        assertThatThrownBy(() -> resolver.resolve("localhost")).isInstanceOf(UnknownHostException.class)
                .isInstanceOf(CallbackUrlPolicy.RefusedCallback.class);
        assertThatThrownBy(() -> resolver.resolve("::ffff:127.0.0.1", 80)).isInstanceOf(CallbackUrlPolicy.RefusedCallback.class);
    }
}
