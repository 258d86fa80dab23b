package com.botbuddy.batch.ops;

import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;


import org.springframework.jdbc.datasource.DelegatingDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The job repository's connections when it is the embedded H2 file that several processes share: a pool whose
 * sessions are opened by {@link H2FileConnector}, each connection handed out inside {@link RepositoryAccess}'s use
 * lock, so that a process serving the file never ends while this one is inside a transaction.
 */
public final class SharedH2DataSource extends DelegatingDataSource implements Closeable {
    private final HikariDataSource pool;
    private final RepositoryAccess access;

    private SharedH2DataSource(HikariDataSource pool, RepositoryAccess access) {
        super(pool);
        this.pool = pool;
        this.access = access;
    }

    /** A pool of sessions on the shared H2 file at {@code url} (see {@link EmbeddedHome#sharedHome}). */
    public static SharedH2DataSource pooled(String url, String user, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("botbuddy-repository");
        pool.setDataSource(connector(url, user, password));
        pool.setMinimumIdle(1);
        pool.setMaximumPoolSize(10);
        pool.setConnectionTimeout(OpeningPatience.PATIENCE_MS + 10_000);
        return new SharedH2DataSource(pool, RepositoryAccess.of(EmbeddedHome.sharedHome(url)));
    }

    private static H2FileConnector connector(String url, String user, String password) {
        Path home = EmbeddedHome.sharedHome(url);
        return new H2FileConnector(url, EmbeddedHome.databaseFile(home), user, password);
    }

    RepositoryAccess access() {
        return access;
    }

    @Override
    public Connection getConnection() throws SQLException {
        access.enter();
        try {
            Connection c = liveConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] { Connection.class }, new LeavesOnClose(c, access));
        } catch (SQLException | RuntimeException e) {
            access.leave();
            throw e;
        }
    }

    /**
     * A pooled session whose serving process ended is closed; checked before it is handed out (H2 reconnects an idle
     * session by itself when it can, and says false when it cannot, e.g. while a short command has the file alone).
     */
    private Connection liveConnection() throws SQLException {
        OpeningPatience patience = new OpeningPatience();
        while (true) {
            Connection c = pool.getConnection();
            if (c.isValid(10) || patience.spent()) {
                return c;
            }
            pool.evictConnection(c);
            patience.pause();
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Gives the use lock back once, when the connection is closed (returned to the pool). */
    private static final class LeavesOnClose implements InvocationHandler {
        private final Connection target;
        private final RepositoryAccess access;
        private final AtomicBoolean closed = new AtomicBoolean();

        LeavesOnClose(Connection target, RepositoryAccess access) {
            this.target = target;
            this.access = access;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (closed.compareAndSet(false, true)) {
                        try {
                            target.close();
                        } finally {
                            access.leave();
                        }
                    }
                    return null;
                }
                case "isClosed" -> {
                    return closed.get() || target.isClosed();
                }
                case "unwrap" -> {
                    Class<?> type = (Class<?>) args[0];
                    return type.isInstance(proxy) ? proxy : target.unwrap(type);
                }
                case "isWrapperFor" -> {
                    Class<?> type = (Class<?>) args[0];
                    return type.isInstance(proxy) || target.isWrapperFor(type);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getTargetException();
                    }
                }
            }
        }
    }
}
