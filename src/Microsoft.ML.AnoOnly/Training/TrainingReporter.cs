using System;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// Where a fit reports: each finished epoch as a typed <see cref="AnoOnlyTrainingProgress"/> (to the options'
    /// <c>Progress</c> and as a line on <c>MLContext.Log</c>), and one-off notes such as a fallback to the CPU.
    /// Cross-validation folds train with <see cref="Silent"/>: their epochs would drown the user's log.
    /// </summary>
    internal sealed class TrainingReporter
    {
        public static readonly TrainingReporter Silent = new(null, null);

        private readonly IChannel? _channel;
        private readonly IProgress<AnoOnlyTrainingProgress>? _progress;

        public TrainingReporter(IChannel? channel, IProgress<AnoOnlyTrainingProgress>? progress)
        {
            _channel = channel;
            _progress = progress;
        }

        public void Epoch(AnoOnlyTrainingProgress progress)
        {
            _channel?.Info(MessageSensitivity.None, progress.ToString());
            _progress?.Report(progress);
        }

        public void Note(string message) => _channel?.Info(MessageSensitivity.None, message);
    }
}
