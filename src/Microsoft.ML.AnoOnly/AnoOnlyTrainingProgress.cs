using System;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Where a fit of <see cref="AnoOnlyTrainer"/> stands, reported after every epoch through
    /// <see cref="AnoOnlyTrainer.Options.Progress"/> (on the thread that trains). A fit runs one or more stages in
    /// order (a backbone's pretraining and its detector, or the members of an ensemble), each for a number of
    /// epochs of sampled batches.
    /// </summary>
    public sealed class AnoOnlyTrainingProgress
    {
        internal AnoOnlyTrainingProgress(string stage, int stageNumber, int stageCount, int epoch, int epochCount, int batchesPerEpoch,
            double meanLoss, TimeSpan elapsed)
        {
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

        /// <summary>The one-based number of the stage within the fit.</summary>
        public int StageNumber { get; }

        /// <summary>How many stages the fit runs.</summary>
        public int StageCount { get; }

        /// <summary>The one-based epoch just finished.</summary>
        public int Epoch { get; }

        /// <summary>The epochs of this stage.</summary>
        public int EpochCount { get; }

        /// <summary>The batches each epoch of this stage trains on.</summary>
        public int BatchesPerEpoch { get; }

        /// <summary>The mean training loss over the epoch's batches.</summary>
        public double MeanLoss { get; }

        /// <summary>Time since the fit started training (after reading the data).</summary>
        public TimeSpan Elapsed { get; }

        /// <inheritdoc />
        public override string ToString()
            => FormattableString.Invariant($"AnoOnly {Stage}: epoch {Epoch}/{EpochCount}, mean loss {MeanLoss:G6}");
    }
}
