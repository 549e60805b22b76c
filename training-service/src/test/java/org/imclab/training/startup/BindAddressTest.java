package org.imclab.training.startup;

import static org.assertj.core.api.Assertions.assertThat;

import org.imclab.common.testsupport.ServiceConfigFile;
import org.junit.jupiter.api.Test;

/**
 * Clients reach this service only through the gateway: unless IMCLAB_BIND_ADDRESS says otherwise (as
 * docker-compose does inside its private network), it listens on loopback. hardware-sim-service's
 * ServiceStartupTest checks the same default on a started service.
 */
class BindAddressTest {

    @Test
    void listensOnLoopbackUnlessToldOtherwise() throws Exception {
        assertThat(ServiceConfigFile.defaultOf("server.address")).isEqualTo("127.0.0.1");
    }
}
