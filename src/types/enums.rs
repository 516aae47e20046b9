//! The string enums of the Application Manager API, all open (unknown values are kept as
//! `Other(String)`). Values are those of the 2.7.1 API plus older ones still seen.

use super::open_enum::open_enum;

open_enum! {
    /// A Deployment's state: desired (`spec.state`: `RUNNING`, `SUSPENDED`, `CANCELLED`) or
    /// observed (`status.state`, which adds `TRANSITIONING`, `FAILED`, `FINISHED`).
    pub enum DeploymentState {
        /// The job should run / is running.
        Running = "RUNNING",
        /// Stopped with a savepoint, to be resumed later.
        Suspended = "SUSPENDED",
        /// Stopped without a savepoint.
        Cancelled = "CANCELLED",
        /// Status only: on the way to the desired state.
        Transitioning = "TRANSITIONING",
        /// Status only: the desired state could not be reached.
        Failed = "FAILED",
        /// Status only: a bounded job completed.
        Finished = "FINISHED",
    }
}

impl DeploymentState {
    /// `true` for the states a Deployment can be asked for (`spec.state`).
    pub fn is_desirable(&self) -> bool {
        matches!(self, Self::Running | Self::Suspended | Self::Cancelled)
    }
}

open_enum! {
    /// `status` of a Deployment condition (Kubernetes style).
    pub enum ConditionStatus {
        /// The condition holds.
        True = "True",
        /// The condition does not hold.
        False = "False",
        /// Not known.
        Unknown = "Unknown",
    }
}

open_enum! {
    /// `type` of a Deployment condition.
    pub enum DeploymentConditionType {
        /// The Flink cluster cannot be reached.
        ClusterUnreachable = "ClusterUnreachable",
        /// The job restarted at least 3 times in 10 minutes.
        JobFailing = "JobFailing",
        /// The job restarted at least 3 times in 60 minutes.
        JobUnstable = "JobUnstable",
    }
}

open_enum! {
    /// `restoreStrategy.kind`: which state a (re)started job restores from.
    pub enum RestoreStrategyKind {
        /// The latest savepoint or retained checkpoint.
        LatestState = "LATEST_STATE",
        /// The latest savepoint (not retained checkpoints).
        LatestSavepoint = "LATEST_SAVEPOINT",
        /// Start with empty state.
        None = "NONE",
    }
}

open_enum! {
    /// `upgradeStrategy.kind`: how a running Deployment applies a spec change.
    pub enum UpgradeStrategyKind {
        /// Suspend with a savepoint, then restart from it.
        Stateful = "STATEFUL",
        /// Cancel, then restart.
        Stateless = "STATELESS",
        /// Do not upgrade running jobs automatically.
        None = "NONE",
    }
}

open_enum! {
    /// `artifact.kind`.
    pub enum ArtifactKind {
        /// A JAR file with a main class.
        Jar = "JAR",
        /// A Flink SQL script.
        SqlScript = "SQLSCRIPT",
        /// A PyFlink program.
        Python = "PYTHON",
    }
}

open_enum! {
    /// Log level of a `logging.log4jLoggers` entry.
    pub enum LogLevel {
        /// Everything.
        All = "ALL",
        /// Trace.
        Trace = "TRACE",
        /// Debug.
        Debug = "DEBUG",
        /// Info.
        Info = "INFO",
        /// Warnings.
        Warn = "WARN",
        /// Errors.
        Error = "ERROR",
        /// Fatal errors only.
        Fatal = "FATAL",
        /// Nothing.
        Off = "OFF",
    }
}

open_enum! {
    /// State of a Job (`status.state`).
    pub enum JobState {
        /// Being started.
        Starting = "STARTING",
        /// Waiting as a standby.
        Standby = "STANDBY",
        /// Started (running in Flink).
        Started = "STARTED",
        /// Being stopped.
        Terminating = "TERMINATING",
        /// Failed (terminal).
        Failed = "FAILED",
        /// Stopped (terminal).
        Terminated = "TERMINATED",
        /// Completed (terminal).
        Finished = "FINISHED",
    }
}

impl JobState {
    /// `true` for `FAILED`, `TERMINATED`, `FINISHED`: the Job will not change any more.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Failed | Self::Terminated | Self::Finished)
    }
}

open_enum! {
    /// The Flink job status a Job last observed (`status.started.observedFlinkJobStatus`).
    pub enum FlinkJobStatus {
        /// Initializing.
        Initializing = "INITIALIZING",
        /// Created.
        Created = "CREATED",
        /// Running.
        Running = "RUNNING",
        /// Failing.
        Failing = "FAILING",
        /// Failed.
        Failed = "FAILED",
        /// Cancelling.
        Cancelling = "CANCELLING",
        /// Canceled (Flink's spelling).
        Canceled = "CANCELED",
        /// Finished.
        Finished = "FINISHED",
        /// Restarting.
        Restarting = "RESTARTING",
        /// Suspended.
        Suspended = "SUSPENDED",
        /// Reconciling.
        Reconciling = "RECONCILING",
    }
}

open_enum! {
    /// State of a Savepoint (`status.state`).
    pub enum SavepointState {
        /// Being taken.
        Started = "STARTED",
        /// Complete and usable.
        Completed = "COMPLETED",
        /// Failed (see `status.failure`).
        Failed = "FAILED",
        /// Marked for deletion (2.7+).
        PendingDeletion = "PENDING_DELETION",
        /// Being deleted (2.7+).
        Deleting = "DELETING",
        /// Deletion failed (2.7+).
        FailedDeletion = "FAILED_DELETION",
    }
}

open_enum! {
    /// Why a Savepoint exists (`metadata.origin`).
    pub enum SavepointOrigin {
        /// Requested by a user or client.
        UserRequest = "USER_REQUEST",
        /// Taken when suspending and upgrading (2.4; no longer in the 2.7 enum).
        SuspendAndUpgrade = "SUSPEND_AND_UPGRADE",
        /// Taken when suspending.
        Suspend = "SUSPEND",
        /// Copied from another Deployment.
        Copied = "COPIED",
        /// A retained checkpoint.
        RetainedCheckpoint = "RETAINED_CHECKPOINT",
    }
}

open_enum! {
    /// Snapshot type of a Savepoint (`metadata.type`, 2.7+).
    pub enum SavepointType {
        /// Not known.
        Unknown = "UNKNOWN",
        /// A full snapshot.
        Full = "FULL",
        /// An incremental snapshot.
        Incremental = "INCREMENTAL",
    }
}

open_enum! {
    /// A SessionCluster's state: desired (`spec.state`: `STOPPED`, `RUNNING`) or observed
    /// (`status.state`, which adds `STARTING`, `UPDATING`, `STOPPING`, `FAILED`).
    pub enum SessionClusterState {
        /// Stopped.
        Stopped = "STOPPED",
        /// Status only: starting.
        Starting = "STARTING",
        /// Running.
        Running = "RUNNING",
        /// Status only: applying a spec change.
        Updating = "UPDATING",
        /// Status only: stopping.
        Stopping = "STOPPING",
        /// Status only: failed (see `status.failure`).
        Failed = "FAILED",
    }
}

open_enum! {
    /// `spec.kind` of a SecretValue. The docs write `PLAIN`; the server's own example
    /// writes `Plain` (kept as `Other("Plain")`).
    pub enum SecretValueKind {
        /// A plain text value.
        Plain = "PLAIN",
    }
}

open_enum! {
    /// `spec.type` of a resource quota in the system information.
    pub enum ResourceQuotaType {
        /// Limited by `spec.limits`.
        Limited = "LIMITED",
        /// No limit.
        Unlimited = "UNLIMITED",
    }
}

open_enum! {
    /// `metadata.name` of an Event: what happened.
    pub enum EventName {
        /// A state transition is needed.
        StateTransitionIsNeeded = "STATE_TRANSITION_IS_NEEDED",
        /// Found a job to terminate.
        FoundAJobToTerminate = "FOUND_A_JOB_TO_TERMINATE",
        /// Found a job to wait for its termination.
        FoundAJobToWaitForItsTermination = "FOUND_A_JOB_TO_WAIT_FOR_ITS_TERMINATION",
        /// Awaiting savepoint completion to transition to SUSPENDED.
        AwaitingSavepointCompletionToTransitionToSuspended = "AWAITING_SAVEPOINT_COMPLETION_TO_TRANSITION_TO_SUSPENDED",
        /// Creating a savepoint before suspension.
        CreatingASavepointBeforeSuspension = "CREATING_A_SAVEPOINT_BEFORE_SUSPENSION",
        /// Found a completed savepoint ready for suspension.
        FoundACompletedSavepointReadyForSuspension = "FOUND_A_COMPLETED_SAVEPOINT_READY_FOR_SUSPENSION",
        /// Using an upgrade strategy.
        UsingAnUpgradeStrategy = "USING_AN_UPGRADE_STRATEGY",
        /// Creating a new job.
        CreatingANewJob = "CREATING_A_NEW_JOB",
        /// Failed creating a new job.
        FailedCreatingANewJob = "FAILED_CREATING_A_NEW_JOB",
        /// Awaiting a job to start.
        AwaitingAJobToStart = "AWAITING_A_JOB_TO_START",
        /// Found a stopped job and will terminate it.
        FoundAStoppedJobAndWillTerminateIt = "FOUND_A_STOPPED_JOB_AND_WILL_TERMINATE_IT",
        /// The state transition is completed.
        StateTransitionIsCompleted = "STATE_TRANSITION_IS_COMPLETED",
        /// Transitioned to FINISHED.
        TransitionedToFinishedState = "TRANSITIONED_TO_FINISHED_STATE",
        /// Awaiting a job to terminate.
        AwaitingAJobToTerminate = "AWAITING_A_JOB_TO_TERMINATE",
        /// Too many failed suspension attempts.
        TooManyFailedSuspensionAttempts = "TOO_MANY_FAILED_SUSPENSION_ATTEMPTS",
        /// Too many failed job creation attempts.
        TooManyFailedJobCreationAttempts = "TOO_MANY_FAILED_JOB_CREATION_ATTEMPTS",
        /// Spinning up a cluster for a job.
        SpinningUpAClusterForAJob = "SPINNING_UP_A_CLUSTER_FOR_A_JOB",
        /// Spinning up a cluster for a session cluster.
        SpinningUpAClusterForASessionCluster = "SPINNING_UP_A_CLUSTER_FOR_A_SESSION_CLUSTER",
        /// The job started.
        JobSuccessfullyStarted = "JOB_SUCCESSFULLY_STARTED",
        /// The session cluster started.
        SessionClusterSuccessfullyStarted = "SESSION_CLUSTER_SUCCESSFULLY_STARTED",
        /// The job finished.
        JobSuccessfullyFinished = "JOB_SUCCESSFULLY_FINISHED",
        /// Awaiting a cluster to spin up.
        AwaitingForAClusterToSpinUp = "AWAITING_FOR_A_CLUSTER_TO_SPIN_UP",
        /// Terminating a job due to an unrecoverable failure.
        TerminatingAJobDueToAnUnrecoverableFailure = "TERMINATING_A_JOB_DUE_TO_AN_UNRECOVERABLE_FAILURE",
        /// Awaiting a cluster to tear down.
        AwaitForAClusterToTeardown = "AWAIT_FOR_A_CLUSTER_TO_TEARDOWN",
        /// A resource quota was exceeded.
        ResourceQuotaExceeded = "RESOURCE_QUOTA_EXCEEDED",
        /// FAILED because the job is missing.
        TransitioningToFailedStateBecauseOfAMissingJob = "TRANSITIONING_TO_FAILED_STATE_BECAUSE_OF_A_MISSING_JOB",
        /// FAILED because the job did not start.
        TransitioningToFailedStateBecauseJobNotStarted = "TRANSITIONING_TO_FAILED_STATE_BECAUSE_JOB_NOT_STARTED",
        /// FAILED because a savepoint failed in Flink.
        TransitioningToFailedStateBecauseSavepointFailedInFlink = "TRANSITIONING_TO_FAILED_STATE_BECAUSE_SAVEPOINT_FAILED_IN_FLINK",
        /// Transitioned to completed.
        TransitionedToCompleted = "TRANSITIONED_TO_COMPLETED",
        /// Awaiting a savepoint to complete.
        AwaitingForASavepointToComplete = "AWAITING_FOR_A_SAVEPOINT_TO_COMPLETE",
        /// Unrecoverable failure while triggering a savepoint.
        AnUnRecoverableFailureWhileTriggeringASavepoint = "AN_UN_RECOVERABLE_FAILURE_WHILE_TRIGGERING_A_SAVEPOINT",
        /// Recoverable failure while triggering a savepoint.
        RecoverableFailureWhileTriggeringASavepoint = "RECOVERABLE_FAILURE_WHILE_TRIGGERING_A_SAVEPOINT",
        /// A savepoint was triggered.
        SuccessfullyTriggeredASavepoint = "SUCCESSFULLY_TRIGGERED_A_SAVEPOINT",
        /// A savepoint needs to be triggered.
        NeedToTriggerASavepoint = "NEED_TO_TRIGGER_A_SAVEPOINT",
        /// Unrecoverable failure while taking a savepoint.
        AnUnrecoverableFailureWhileTakingASavepoint = "AN_UNRECOVERABLE_FAILURE_WHILE_TAKING_A_SAVEPOINT",
        /// Recoverable failure while checking a savepoint's status.
        RecoverableFailureWhileCheckingASavepointStatus = "RECOVERABLE_FAILURE_WHILE_CHECKING_A_SAVEPOINT_STATUS",
        /// Found an old job and will terminate it.
        FoundAnOldJobAndWillTerminateIt = "FOUND_AN_OLD_JOB_AND_WILL_TERMINATE_IT",
        /// No job to suspend was found.
        CouldNotFindAJobToSuspend = "COULD_NOT_FIND_A_JOB_TO_SUSPEND",
        /// The job has no savepoint support configured.
        JobIsNotConfiguredWithSavepointSupport = "JOB_IS_NOT_CONFIGURED_WITH_SAVEPOINT_SUPPORT",
        /// The referenced DeploymentTarget does not exist.
        ReferencedDeploymentTargetDoesNotExist = "REFERENCED_DEPLOYMENT_TARGET_DOES_NOT_EXIST",
        /// Savepoint deletion was triggered (2.7+).
        TriggeredSavepointDeletion = "TRIGGERED_SAVEPOINT_DELETION",
        /// A savepoint could not be deleted (2.7+).
        FailedToDeleteSavepoint = "FAILED_TO_DELETE_SAVEPOINT",
        /// A savepoint was deleted (2.7+).
        SuccessfullyDeletedSavepoint = "SUCCESSFULLY_DELETED_SAVEPOINT",
        /// A general failure.
        GeneralFailure = "GENERAL_FAILURE",
        /// No cluster could be created for the job.
        FailedToCreateClusterForJob = "FAILED_TO_CREATE_CLUSTER_FOR_JOB",
        /// More than one non-terminal job exists.
        MultipleNonTerminalJobs = "MULTIPLE_NON_TERMINAL_JOBS",
        /// The session cluster stopped.
        SessionClusterSuccessfullyStopped = "SESSION_CLUSTER_SUCCESSFULLY_STOPPED",
        /// The session cluster could not be stopped.
        FailedToStopSessionCluster = "FAILED_TO_STOP_SESSION_CLUSTER",
        /// Terminating a session cluster due to an unrecoverable failure.
        TerminatingASessionClusterDueToAnUnrecoverableFailure = "TERMINATING_A_SESSION_CLUSTER_DUE_TO_AN_UNRECOVERABLE_FAILURE",
        /// Sent by something outside the Application Manager.
        External = "EXTERNAL",
    }
}
