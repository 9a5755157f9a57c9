// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/util/Timer.java at tag jenkins-2.555.3 (compile-only; never packaged).
// The real get() returns an impersonating (ACL.SYSTEM2) executor of 10 daemon threads. So that a plugin's
// asynchronous step can be unit-tested, the mirror returns a plain lazily created daemon ScheduledThreadPoolExecutor.
package jenkins.util;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Shared scheduled executor for short background tasks. */
public class Timer {
    private static ScheduledExecutorService executorService;

    private Timer() {
    }

    public static synchronized ScheduledExecutorService get() {
        if (executorService == null) {
            executorService = new ScheduledThreadPoolExecutor(2, r -> {
                Thread t = new Thread(r, "jenkins.util.Timer (mirror)");
                t.setDaemon(true);
                return t;
            });
        }
        return executorService;
    }

    public static synchronized void shutdown() {
        if (executorService != null) {
            executorService.shutdownNow();
            executorService = null;
        }
    }
}
