using System;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Where a fit of <see cref="AnoOnlyTrainer"/> stands, reported after every epoch through
    /// <see cref="AnoOnlyTrainer.Options.Progress"/> (on the thread that trains). A fit trains one member (a backbone)
    /// or several (the ensemble), one after the other; a member trains in one or more stages (FEAWAD pretrains its
    /// autoencoder first), each for a number of epochs of sampled batches.
    /// </summary>
    public sealed class AnoOnlyTrainingProgress
    {
        internal AnoOnlyTrainingProgress(string stage, int stageNumber, int stageCount, int epoch, int epochCount, int batchesPerEpoch,
            double meanLoss, TimeSpan elapsed, int memberNumber = 1, int memberCount = 1)
        {
            MemberNumber = memberNumber;
            MemberCount = memberCount;
            Stage = stage;
            StageNumber = stageNumber;
            StageCount = stageCount;
            Epoch = epoch;
            EpochCount = epochCount;
            BatchesPerEpoch = batchesPerEpoch;
            MeanLoss = meanLoss;
            Elapsed = elapsed;
        }

        /// <summary>The stage's name, for example <c>DevNet</c> or <c>FEAWAD autoencoder</c>.</summary>
        public string Stage { get; }

        /// <summary>The one-based number of the stage within its member.</summary>
        public int StageNumber { get; }

        /// <summary>How many stages the member trains in.</summary>
        public int StageCount { get; }

        /// <summary>The one-based number of the member being trained (1 for a single backbone).</summary>
        public int MemberNumber { get; }

        /// <summary>How many members the fit trains (1 for a single backbone; the members of the ensemble).</summary>
        public int MemberCount { get; }

        /// <summary>The one-based epoch just finished.</summary>
        public int Epoch { get; }

        /// <summary>The epochs of this stage.</summary>
        public int EpochCount { get; }

        /// <summary>The batches each epoch of this stage trains on.</summary>
        public int BatchesPerEpoch { get; }

        /// <summary>The mean training loss over the epoch's batches.</summary>
        public double MeanLoss { get; }

        /// <summary>Time since the member started training.</summary>
        public TimeSpan Elapsed { get; }

        internal AnoOnlyTrainingProgress OfMember(int memberNumber, int memberCount)
            => new(Stage, StageNumber, StageCount, Epoch, EpochCount, BatchesPerEpoch, MeanLoss, Elapsed, memberNumber, memberCount);

        /// <inheritdoc />
        public override string ToString()
            => FormattableString.Invariant($"AnoOnly {Stage}{(MemberCount > 1 ? $" (member {MemberNumber}/{MemberCount})" : "")}: epoch {Epoch}/{EpochCount}, mean loss {MeanLoss:G6}");
    }
}
