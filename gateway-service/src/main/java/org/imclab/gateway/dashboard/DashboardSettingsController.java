package org.imclab.gateway.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard's key form tells a new user before any key exists: where ./imclab keeps the first
 * admin key, under this installation's IMCLAB_HOME rather than an assumed ~/.imclab. Open, like the
 * dashboard itself (it is outside /api/).
 */
@RestController
@Hidden
class DashboardSettingsController {

    private final String adminKeyFile;

    DashboardSettingsController(@Value("${imclab.home}") String home) {
        this.adminKeyFile = Path.of(home).resolve("admin.key").toString();
    }

    @GetMapping("/dashboard/settings.json")
    Map<String, String> settings() {
        return Map.of("adminKeyFile", adminKeyFile);
    }
}
