// Mirrors jenkinsci/remoting src/main/java/org/jenkinsci/remoting/SerializableOnlyOverRemoting.java at tag 3355.v388858a_47b_33 (the remoting.version of jenkins-2.555.3) (compile-only; never packaged).
// Omitted: default getChannelForSerialization() (returns hudson.remoting.Channel, not mirrored).
package org.jenkinsci.remoting;

import java.io.Serializable;

/** Objects that are serializable only for sending over a Remoting channel. */
public interface SerializableOnlyOverRemoting extends Serializable {
}
