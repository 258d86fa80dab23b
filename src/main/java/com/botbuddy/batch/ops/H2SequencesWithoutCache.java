package com.botbuddy.batch.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;

/**
 * On the embedded H2 job repository, Spring Batch's id sequences hand out their values 32 at a time, and a
 * process killed with -9 loses what it had not used: the restart of execution 1 became execution 33. Once the
 * schema exists, those sequences are set to hand out one value at a time (the change is made once per
 * repository; a job repository on PostgreSQL keeps its own settings).
 */
@Component
@DependsOnDatabaseInitialization
final class H2SequencesWithoutCache implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(H2SequencesWithoutCache.class);

    private final DataSource dataSource;

    H2SequencesWithoutCache(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
                return;
            }
            List<String> cached = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES"
                    + " WHERE SEQUENCE_NAME LIKE 'BATCH$_%' ESCAPE '$' AND CACHE > 1")) {
                while (rs.next()) {
                    cached.add(rs.getString(1));
                }
            }
            for (String sequence : cached) {
                s.execute("ALTER SEQUENCE \"" + sequence + "\" NO CACHE");
            }
        } catch (SQLException e) {
            // only cosmetic: ids may jump after a crash, as before
            log.debug("could not set the job repository's sequences to NO CACHE: {}", e.getMessage());
        }
    }
}
