package org.imclab.training.persistence;

import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

/**
 * training-service's Spring Data repositories without the Spring Boot application, for a worker process
 * or a test that wires services by hand ({@code DatasetService.standalone}, {@code ModelRegistry.standalone}).
 * One small context per data source, shared by every repository: the entity manager factory over it, a
 * JPA transaction manager and the repositories. It lives as long as the process.
 */
public final class StandaloneRepositories {

    private static final String PACKAGE = "org.imclab.training";
    private static final Map<DataSource, AnnotationConfigApplicationContext> CONTEXTS = new ConcurrentHashMap<>();

    private StandaloneRepositories() {
    }

    /** The repository of this type over {@code dataSource}. */
    public static <T> T of(DataSource dataSource, Class<T> repositoryType) {
        return CONTEXTS.computeIfAbsent(dataSource, StandaloneRepositories::start).getBean(repositoryType);
    }

    private static AnnotationConfigApplicationContext start(DataSource dataSource) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> dataSource);
        context.register(JpaConfiguration.class);
        context.refresh();
        return context;
    }

    /** Registered by hand; not a @Configuration, so the service's component scan never picks it up. */
    @EnableJpaRepositories(basePackages = PACKAGE)
    static class JpaConfiguration {

        @Bean
        LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
            LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
            factory.setDataSource(dataSource);
            factory.setPackagesToScan(PACKAGE);
            factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
            // As in the services: Flyway owns the schema, Hibernate only checks its mapping against it.
            factory.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "validate"));
            return factory;
        }

        @Bean
        JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
            return new JpaTransactionManager(entityManagerFactory);
        }
    }
}
