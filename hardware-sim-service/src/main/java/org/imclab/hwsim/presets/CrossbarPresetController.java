package org.imclab.hwsim.presets;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.imclab.common.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read-only catalogue of the crossbar presets: every constant with its unit and cited source. */
@RestController
@RequestMapping("/api/v1/crossbar-presets")
class CrossbarPresetController {

    @Operation(summary = "List the crossbar presets with every constant, its unit and its source")
    @GetMapping
    List<PresetDescription> list() {
        return CrossbarPresets.describeAll();
    }

    @Operation(summary = "One crossbar preset with every constant, its unit and its source")
    @GetMapping("/{name}")
    PresetDescription get(@PathVariable String name) {
        if (!CrossbarPresets.names().contains(name)) {
            throw ApiException.notFound("crossbar preset", name);
        }
        return CrossbarPresets.describe(name);
    }
}
