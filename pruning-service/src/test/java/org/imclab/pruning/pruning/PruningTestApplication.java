package org.imclab.pruning.pruning;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;

/**
 * The pruning service's beans for the API test, named by fully qualified class name: common and
 * pruning-service each declare a {@code TrainingRegistryClient} component, whose default bean names collide
 * under {@code PruningServiceApplication}'s scan. Other applications on the test classpath are left out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "org.imclab", nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
class PruningTestApplication {
}
