package org.imclab.bench.startup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Splits the recorded start-up steps into Hibernate/Spring Data JPA and the rest, by exclusive time: a step's own
 * time minus that of the steps nested in it. A bean step counts as JPA when the bean is JPA's (the entity
 * manager factory, the shared entity managers, a repository, the JPA mapping context, the JPA transaction
 * manager, anything from Hibernate's or Spring's JPA packages); steps that are not beans (repository metadata,
 * proxy creation, ...) count for the bean they run in. So the flyway migration or the data source that the
 * entity manager factory depends on, created inside its step, is NOT counted as JPA, while Hibernate's own
 * work inside it (class loading, metamodel, schema validation, query parsing) is.
 */
final class JpaShare {

    private static final String[] JPA_PACKAGES = {"org.hibernate.", "org.springframework.orm.jpa.",
        "org.springframework.data.jpa.", "org.springframework.boot.hibernate.", "org.springframework.boot.jpa.",
        "org.springframework.boot.data.jpa.", "jakarta.persistence."};

    record Exclusive(RecordedStep step, boolean jpa, long wallNanos, long cpuNanos) {
        String label() {
            String bean = step.tag("beanName");
            return bean != null ? step.getName() + "[" + bean + "]" : step.getName();
        }
    }

    private final ConfigurableListableBeanFactory beans;
    private final Map<String, Boolean> verdicts = new HashMap<>();

    JpaShare(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    List<Exclusive> exclusive(List<RecordedStep> steps) {
        Map<Long, RecordedStep> byId = new HashMap<>();
        Map<Long, long[]> nested = new HashMap<>();
        for (RecordedStep s : steps) byId.put(s.getId(), s);
        for (RecordedStep s : steps) {
            RecordedStep parent = s.getParentId() == null ? null : byId.get(s.getParentId());
            // Only a child on the parent's thread takes CPU out of the parent's thread-CPU interval.
            if (parent != null && parent.thread().equals(s.thread())) {
                long[] sum = nested.computeIfAbsent(parent.getId(), id -> new long[2]);
                sum[0] += s.wallNanos();
                sum[1] += s.cpuNanos();
            }
        }
        List<Exclusive> out = new ArrayList<>();
        for (RecordedStep s : steps) {
            long[] sum = nested.getOrDefault(s.getId(), new long[2]);
            out.add(new Exclusive(s, isJpa(s, byId), s.wallNanos() - sum[0], s.cpuNanos() - sum[1]));
        }
        out.sort(Comparator.comparingLong(Exclusive::cpuNanos).reversed());
        return out;
    }

    private boolean isJpa(RecordedStep step, Map<Long, RecordedStep> byId) {
        for (RecordedStep s = step; s != null; s = s.getParentId() == null ? null : byId.get(s.getParentId())) {
            String bean = s.tag("beanName");
            // "&name" is the step of a FactoryBean itself (the entity manager factory is one).
            if (bean != null) return verdicts.computeIfAbsent(bean.startsWith("&") ? bean.substring(1) : bean, this::isJpaBean);
            if (s.getName().startsWith("spring.data.repository") && mentionsJpa(s)) return true;
        }
        return false;
    }

    private static boolean mentionsJpa(RecordedStep s) {
        for (var tag : s.getTags()) {
            if (tag.getValue() != null && tag.getValue().toLowerCase().contains("jpa")) return true;
        }
        return false;
    }

    private boolean isJpaBean(String name) {
        // Spring Data JPA's own helper beans: jpa.named-queries#0, jpa.<Repository>.fragments#0, jpaSharedEM_...
        if (name.equals("entityManagerFactory") || name.startsWith("jpaSharedEM_") || name.startsWith("jpa.")) return true;
        if (!beans.containsBeanDefinition(name)) return false;
        BeanDefinition def = beans.getMergedBeanDefinition(name);
        List<String> types = new ArrayList<>();
        types.add(def.getBeanClassName());
        if (def.getFactoryBeanName() != null && beans.containsBeanDefinition(def.getFactoryBeanName())) {
            types.add(beans.getMergedBeanDefinition(def.getFactoryBeanName()).getBeanClassName());
        }
        Class<?> type = beans.getType(name, false);
        if (type != null) types.add(type.getName());
        for (String t : types) {
            if (t == null) continue;
            for (String p : JPA_PACKAGES) {
                if (t.startsWith(p)) return true;
            }
        }
        return false;
    }
}
