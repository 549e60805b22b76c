package org.imclab.gateway.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.imclab.gateway.apikeys.ApiKeyFilter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the two ways to send an API key, in the gateway's own spec and in the proxied ones. */
@Configuration(proxyBeanMethods = false)
class ApiKeySecurity {

    static final String BEARER = "bearerAuth";
    static final String HEADER = "apiKeyHeader";
    static final String HEADER_NAME = ApiKeyFilter.API_KEY_HEADER;
    static final String DESCRIPTION = "An IMC Lab API key, imc_<prefix>_<secret>";

    @Bean
    OpenApiCustomizer apiKeySecuritySchemes() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .description(DESCRIPTION))
                    .addSecuritySchemes(HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER).name(HEADER_NAME).description(DESCRIPTION));
            openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(HEADER)));
        };
    }
}
