package org.imclab.training.datasets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the data sets this service trained on most recently into {@link DatasetService}'s cache, on its own
 * thread, as soon as the service's beans exist. Why: in a fresh JVM, reading the MNIST archive (DEFLATE) took
 * 0.43–0.53 s against 0.20–0.24 s warm, and nothing at all once cached. That was most of what the first job after
 * a restart spent before its first epoch (0.6–0.7 s against 0.2–0.3 s for the next one, bench/training, session 9),
 * and the first job after a restart is usually on the data the last ones used. A job that starts while its data
 * set is still being read waits for that read ({@link DatasetService#load}). Failures are logged: this only saves
 * time.
 */
@Component
@EnableConfigurationProperties(DatasetPreload.Settings.class)
class DatasetPreload implements InitializingBean {

    /**
     * Bound from {@code imclab.datasets.preload.*} (environment: {@code IMCLAB_DATASETS_PRELOAD_RECENT}).
     *
     * @param recent how many of the most recently trained data set versions to read at start-up (the cache
     *               holds 2); 0 turns preloading off
     */
    @ConfigurationProperties("imclab.datasets.preload")
    record Settings(@DefaultValue("2") int recent) {
    }

    private static final Logger log = LoggerFactory.getLogger(DatasetPreload.class);

    private final DatasetService datasets;
    private final JdbcClient jdbc;
    private final String service;
    private final int recent;

    DatasetPreload(DatasetService datasets, DataSource dataSource, @Value("${imclab.service}") String service,
            Settings settings) {
        this.datasets = datasets;
        this.jdbc = JdbcClient.create(dataSource);
        this.service = service;
        this.recent = Math.max(0, settings.recent());
    }

    @Override
    public void afterPropertiesSet() {
        if (recent == 0) {
            return;
        }
        Thread t = new Thread(this::run, "dataset-preload");
        t.setDaemon(true);
        t.start();
    }

    /** Reads the most recently trained versions into the cache; returns those it read. */
    List<DatasetVersion> run() {
        long started = System.nanoTime();
        List<DatasetVersion> read = new ArrayList<>();
        try {
            for (long id : recentlyTrained()) {
                Optional<DatasetVersion> version = datasets.find(id);
                if (version.isPresent()) {
                    datasets.load(version.get());
                    read.add(version.get());
                }
            }
            if (!read.isEmpty()) {
                log.info("read {} recently trained data set(s) into the cache in {} ms: {}", read.size(),
                        (System.nanoTime() - started) / 1_000_000,
                        read.stream().map(v -> v.name() + " v" + v.version()).toList());
            }
        } catch (RuntimeException e) {
            log.warn("data set preload failed after {} version(s): {}", read.size(), e.toString());
        }
        return read;
    }

    /**
     * Ids of the data set versions of this service's runs of the last 30 days, newest first, without repeats, at
     * most {@code recent}. The runs are read newest first through their creation-time index, and each one's
     * {@code dataset.id} param by its key.
     */
    List<Long> recentlyTrained() {
        List<String> values = jdbc.sql("""
                        select p.value from tracking.run r
                        join tracking.param p on p.run_id = r.id and p.key = 'dataset.id'
                        where r.service = ? and r.created_at > now() - interval '30 days'
                        order by r.created_at desc limit 200""")
                .param(service).query(String.class).list();
        Set<Long> ids = new LinkedHashSet<>();
        for (String v : values) {
            if (ids.size() == recent) {
                break;
            }
            if (v.matches("[0-9]{1,18}")) {
                ids.add(Long.parseLong(v));
            }
        }
        return List.copyOf(ids);
    }
}
