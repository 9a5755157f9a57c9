package io.jenkins.plugins.amifactory;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The plugin's user-facing texts, from {@code Messages.properties} next to this class (translations go in
 * {@code Messages_<locale>.properties}). Written by hand in the shape the Jenkins localizer generates, because its
 * generator is not available to this build; MessagesTest checks that every key has a method and the other way round.
 */
final class Messages {

    private static final String BUNDLE = "io.jenkins.plugins.amifactory.Messages";

    private Messages() {
    }

    static String format(String key, Object... args) {
        String pattern = ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), Messages.class.getClassLoader()).getString(key);
        return args.length == 0 ? pattern.replace("''", "'") : new MessageFormat(pattern, Locale.getDefault()).format(args);
    }

    static String AmiFactoryStep_DisplayName() {
        return format("AmiFactoryStep.DisplayName");
    }

    static String AmiFactoryBuilder_DisplayName() {
        return format("AmiFactoryBuilder.DisplayName");
    }

    static String AmiFactoryConfiguration_DisplayName() {
        return format("AmiFactoryConfiguration.DisplayName");
    }

    static String AmiFactoryAction_DisplayName() {
        return format("AmiFactoryAction.DisplayName");
    }

    static String Credentials_None() {
        return format("Credentials.None");
    }

    static String Credentials_NotFound(Object arg0) {
        return format("Credentials.NotFound", arg0);
    }

    static String Credentials_IncompleteEnvironment() {
        return format("Credentials.IncompleteEnvironment");
    }

    static String Credentials_EnvironmentGone() {
        return format("Credentials.EnvironmentGone");
    }

    static String Credentials_UsingId(Object arg0) {
        return format("Credentials.UsingId", arg0);
    }

    static String Credentials_UsingDefaultId(Object arg0) {
        return format("Credentials.UsingDefaultId", arg0);
    }

    static String Credentials_UsingEnvironment() {
        return format("Credentials.UsingEnvironment");
    }

    static String Credentials_SessionShorterThanTimeout(Object arg0) {
        return format("Credentials.SessionShorterThanTimeout", arg0);
    }

    static String Credentials_UsingController() {
        return format("Credentials.UsingController");
    }

    static String Region_FromEnvironment() {
        return format("Region.FromEnvironment");
    }

    static String Region_NoDefault() {
        return format("Region.NoDefault");
    }

    static String Form_NotANumber() {
        return format("Form.NotANumber");
    }

    static String Form_OutOfRange(Object arg0, Object arg1) {
        return format("Form.OutOfRange", arg0, arg1);
    }

    static String TestConnection_NoRegion() {
        return format("TestConnection.NoRegion");
    }

    static String TestConnection_NoCredentials() {
        return format("TestConnection.NoCredentials");
    }

    static String TestConnection_NoSuchGroup(Object arg0, Object arg1) {
        return format("TestConnection.NoSuchGroup", arg0, arg1);
    }

    static String TestConnection_Refused(Object arg0, Object arg1) {
        return format("TestConnection.Refused", arg0, arg1);
    }

    static String TestConnection_Failed(Object arg0, Object arg1) {
        return format("TestConnection.Failed", arg0, arg1);
    }

    static String TestConnection_Ok(Object arg0) {
        return format("TestConnection.Ok", arg0);
    }

    static String TestConnection_Group(Object arg0, Object arg1, Object arg2, Object arg3, Object arg4, Object arg5) {
        return format("TestConnection.Group", arg0, arg1, arg2, arg3, arg4, arg5);
    }

    static String TestConnection_LaunchConfiguration(Object arg0) {
        return format("TestConnection.LaunchConfiguration", arg0);
    }

    static String TestConnection_LaunchTemplate(Object arg0, Object arg1) {
        return format("TestConnection.LaunchTemplate", arg0, arg1);
    }

    static String TestConnection_NoConfiguration() {
        return format("TestConnection.NoConfiguration");
    }

    static String Execution_Starting() {
        return format("Execution.Starting");
    }

    static String Execution_Status(Object arg0, Object arg1) {
        return format("Execution.Status", arg0, arg1);
    }

    static String Execution_Stopping() {
        return format("Execution.Stopping");
    }

    static String Execution_StoppedByUser() {
        return format("Execution.StoppedByUser");
    }

    static String Execution_Resuming(Object arg0, Object arg1) {
        return format("Execution.Resuming", arg0, arg1);
    }

    static String Execution_DurabilityNotSaved(Object arg0) {
        return format("Execution.DurabilityNotSaved", arg0);
    }

    static String Execution_Retrying(Object arg0, Object arg1) {
        return format("Execution.Retrying", arg0, arg1);
    }

    static String Execution_GaveUp(Object arg0, Object arg1, Object arg2) {
        return format("Execution.GaveUp", arg0, arg1, arg2);
    }

    static String Console_TimeLeft(Object arg0) {
        return format("Console.TimeLeft", arg0);
    }

    static String Summary_Image(Object arg0, Object arg1) {
        return format("Summary.Image", arg0, arg1);
    }

    static String Summary_Configuration(Object arg0, Object arg1) {
        return format("Summary.Configuration", arg0, arg1);
    }

    static String Summary_ConfigurationWritten(Object arg0, Object arg1) {
        return format("Summary.ConfigurationWritten", arg0, arg1);
    }

    static String Summary_Refresh(Object arg0, Object arg1, Object arg2) {
        return format("Summary.Refresh", arg0, arg1, arg2);
    }

    static String Summary_Phases(Object arg0, Object arg1) {
        return format("Summary.Phases", arg0, arg1);
    }

    static String Summary_Calls(Object arg0) {
        return format("Summary.Calls", arg0);
    }

    static String Summary_Resources(Object arg0) {
        return format("Summary.Resources", arg0);
    }

    static String Builder_AbortedBeforeStart(Object arg0) {
        return format("Builder.AbortedBeforeStart", arg0);
    }

    static String Builder_AbortedAfterEnd(Object arg0, Object arg1) {
        return format("Builder.AbortedAfterEnd", arg0, arg1);
    }

    static String Record_Succeeded(Object arg0, Object arg1, Object arg2) {
        return format("Record.Succeeded", arg0, arg1, arg2);
    }

    static String Record_Planned() {
        return format("Record.Planned");
    }

    static String Record_Rejected() {
        return format("Record.Rejected");
    }

    static String Record_Stopped(Object arg0, Object arg1) {
        return format("Record.Stopped", arg0, arg1);
    }

    static String Record_GroupUnknown(Object arg0) {
        return format("Record.GroupUnknown", arg0);
    }

    static String Record_Configuration(Object arg0, Object arg1) {
        return format("Record.Configuration", arg0, arg1);
    }

    static String Record_Image(Object arg0, Object arg1) {
        return format("Record.Image", arg0, arg1);
    }

    static String Record_Refresh(Object arg0, Object arg1) {
        return format("Record.Refresh", arg0, arg1);
    }

    static String Record_Summary(Object arg0, Object arg1, Object arg2, Object arg3) {
        return format("Record.Summary", arg0, arg1, arg2, arg3);
    }

    static String Links_Image(Object arg0) {
        return format("Links.Image", arg0);
    }

    static String Links_Group(Object arg0) {
        return format("Links.Group", arg0);
    }

    static String Links_LaunchTemplate(Object arg0) {
        return format("Links.LaunchTemplate", arg0);
    }

    static String Links_LaunchConfigurations() {
        return format("Links.LaunchConfigurations");
    }

    static String FleetTarget_DisplayName() {
        return format("FleetTarget.DisplayName");
    }

    static String FleetTarget_StepRegion() {
        return format("FleetTarget.StepRegion");
    }

    static String Execution_FleetStatus(Object arg0, Object arg1) {
        return format("Execution.FleetStatus", arg0, arg1);
    }

    static String Execution_ResumingFleet(Object arg0, Object arg1) {
        return format("Execution.ResumingFleet", arg0, arg1);
    }

    static String Execution_GaveUpFleet(Object arg0, Object arg1, Object arg2) {
        return format("Execution.GaveUpFleet", arg0, arg1, arg2);
    }

    static String Builder_FleetAbortedBeforeStart(Object arg0) {
        return format("Builder.FleetAbortedBeforeStart", arg0);
    }

    static String Builder_FleetAbortedAfterEnd(Object arg0, Object arg1) {
        return format("Builder.FleetAbortedAfterEnd", arg0, arg1);
    }

    static String Summary_TargetPlanned() {
        return format("Summary.TargetPlanned");
    }

    static String Summary_TargetNotStarted() {
        return format("Summary.TargetNotStarted");
    }

    static String Summary_Copies(Object arg0) {
        return format("Summary.Copies", arg0);
    }

    static String Fleet_Succeeded(Object arg0, Object arg1) {
        return format("Fleet.Succeeded", arg0, arg1);
    }

    static String Fleet_SucceededWithCopies(Object arg0, Object arg1, Object arg2) {
        return format("Fleet.SucceededWithCopies", arg0, arg1, arg2);
    }

    static String Fleet_Planned(Object arg0, Object arg1) {
        return format("Fleet.Planned", arg0, arg1);
    }

    static String Fleet_Stopped(Object arg0, Object arg1, Object arg2) {
        return format("Fleet.Stopped", arg0, arg1, arg2);
    }

    static String Record_Target(Object arg0, Object arg1, Object arg2) {
        return format("Record.Target", arg0, arg1, arg2);
    }
}
