// Mirrors jenkinsci/jenkins core/src/main/java/hudson/FilePath.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Omitted: every member except the File constructor and getRemote() (remote file operations are not used).
package hudson;

import java.io.File;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/** A file path on the controller or an agent. */
public final class FilePath implements SerializableOnlyOverRemoting {
    private final String remote;

    public FilePath(File localPath) {
        this.remote = localPath.getPath();
    }

    public String getRemote() {
        return remote;
    }

    private static final long serialVersionUID = 1L;
}
