package com.botbuddy.batch.ops;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The job repository's connections, from {@code spring.datasource.url}, {@code .username} and {@code .password}:
 * on the embedded H2 file shared through AUTO_SERVER, a {@link SharedH2DataSource}; on any other database
 * (PostgreSQL, or an in-memory H2 in tests), a plain pool.
 */
@Configuration(proxyBeanMethods = false)
class RepositoryDataSourceConfig {

    @Bean
    DataSource dataSource(Environment environment) {
        String url = environment.getRequiredProperty("spring.datasource.url");
        String user = environment.getProperty("spring.datasource.username", "");
        String password = environment.getProperty("spring.datasource.password", "");
        if (EmbeddedHome.sharedHome(url) != null) {
            return SharedH2DataSource.pooled(url, user, password);
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("botbuddy-repository");
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        if (!password.isEmpty()) {
            pool.setPassword(password); // none at all otherwise: the PostgreSQL driver then reads ~/.pgpass
        }
        return pool;
    }
}
