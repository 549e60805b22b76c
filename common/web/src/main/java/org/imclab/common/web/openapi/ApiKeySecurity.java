package org.imclab.common.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The two ways to send an API key, declared in every service's spec and required globally. Every documented
 * call goes through the gateway, which checks the key; the services themselves admit only the gateway.
 */
public final class ApiKeySecurity implements OpenApiCustomizer {

    public static final String BEARER = "bearerAuth";
    public static final String HEADER = "apiKeyHeader";
    /** The header ApiKeyFilter also reads, besides Authorization: Bearer. */
    public static final String HEADER_NAME = "X-API-Key";
    static final String DESCRIPTION = "An IMC Lab API key, imc_<prefix>_<secret>";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description(DESCRIPTION))
                .addSecuritySchemes(HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name(HEADER_NAME).description(DESCRIPTION));
        openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(HEADER)));
    }
}
