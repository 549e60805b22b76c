package org.imclab.training.models;

import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

/**
 * The registry's Spring Data repositories without the Spring Boot application, for a worker process or a
 * test that wires services by hand ({@link ModelService#standalone}). A small context of its own: the
 * entity manager factory over the given data source, a JPA transaction manager and the repositories. It
 * lives as long as the process.
 */
final class StandaloneRepositories {

    private StandaloneRepositories() {
    }

    static ModelRepository models(DataSource dataSource) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> dataSource);
        context.register(JpaConfiguration.class);
        context.refresh();
        return context.getBean(ModelRepository.class);
    }

    /** Registered by hand; not a @Configuration, so the service's component scan never picks it up. */
    @EnableJpaRepositories(basePackageClasses = ModelRepository.class)
    static class JpaConfiguration {

        @Bean
        LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
            LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
            factory.setDataSource(dataSource);
            factory.setPackagesToScan(ModelEntity.class.getPackageName());
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
