// Mirrors jenkinsci/aws-credentials-plugin src/main/java/com/cloudbees/jenkins/plugins/awscredentials/AmazonWebServicesCredentials.java at tag 262.v0efb_28f71f94 (compile-only; never packaged).
// Omitted: nested NameProvider class (and the @NameWith annotation).
package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** AWS credentials stored in Jenkins; an SDK v2 AwsCredentialsProvider (and, deprecated, an SDK v1 provider). */
public interface AmazonWebServicesCredentials extends StandardCredentials, AwsCredentialsProvider, AWSCredentialsProvider {
    long serialVersionUID = -8931505925778535681L;

    String getDisplayName();

    AwsCredentials resolveCredentials(String mfaToken);

    @Deprecated
    AWSCredentials getCredentials(String mfaToken);
}
