using System;
using System.Collections.Generic;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// Where a fit reports: each finished epoch as a typed <see cref="AnoOnlyTrainingProgress"/> (to the options'
    /// <c>Progress</c> and as a line on <c>MLContext.Log</c>), and one-off notes such as a fallback to the CPU.
    /// Cross-validation folds train with <see cref="Silent"/>: their epochs would drown the user's log. Safe to call from
    /// the threads of members that train side by side.
    /// </summary>
    internal sealed class TrainingReporter
    {
        public static readonly TrainingReporter Silent = new(null, null);

        private readonly IChannel? _channel;
        private readonly IProgress<AnoOnlyTrainingProgress>? _progress;
        private readonly int _member, _members;
        private readonly HashSet<string> _noted;

        public TrainingReporter(IChannel? channel, IProgress<AnoOnlyTrainingProgress>? progress)
            : this(channel, progress, 1, 1, new HashSet<string>())
        {
        }

        private TrainingReporter(IChannel? channel, IProgress<AnoOnlyTrainingProgress>? progress, int member, int members, HashSet<string> noted)
        {
            _channel = channel;
            _progress = progress;
            _member = member;
            _members = members;
            _noted = noted;
        }

        /// <summary>The reporter of member <paramref name="member"/> of <paramref name="members"/> (notes are shared:
        /// a fallback to the CPU that every member meets is said once per fit).</summary>
        public TrainingReporter ForMember(int member, int members) => new(_channel, _progress, member, members, _noted);

        public void Epoch(AnoOnlyTrainingProgress progress)
        {
            progress = progress.OfMember(_member, _members);
            // An ensemble's members train side by side: one report at a time, so a user's handler needs no lock.
            lock (_noted)
            {
                _channel?.Info(MessageSensitivity.None, progress.ToString());
                _progress?.Report(progress);
            }
        }

        public void Note(string message)
        {
            lock (_noted)
            {
                if (_noted.Add(message))
                    _channel?.Info(MessageSensitivity.None, message);
            }
        }
    }
}
