using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;

namespace Microsoft.ML.AnoOnly.Backbones.Neighbors
{
    /// <summary>
    /// The unsupervised member of the ensemble: a row's mean distance to its nearest rows among a fixed sample of the
    /// training's unlabeled rows (kNN distance, one of the strongest unsupervised detectors on tabular data). It uses
    /// no labels, so it holds where the few labeled anomalies do not describe the anomalies to come, and the
    /// ensemble weighs it by how well it ranks the labeled ones. Not a backbone: the options cannot select it alone.
    /// </summary>
    internal sealed class NeighborDistanceMember : MemberDescriptor
    {
        /// <summary>Stored in saved models; outside the range of the public backbone values.</summary>
        public const AnoOnlyBackbone Value = (AnoOnlyBackbone)64;

        /// <summary>Rows of the reference sample: the scoring cost per row is this many distances.</summary>
        public const int ReferenceRows = 512;

        /// <summary>Neighbours averaged.</summary>
        public const int Neighbors = 5;

        public const string Reference = "reference";

        public static readonly NeighborDistanceMember Instance = new();

        public override AnoOnlyBackbone Id => Value;
        public override string Name => "kNN distance";
        public override int MinimumLabeledAnomalies => 0;

        /// <summary>Draws the reference sample (without replacement, from the fit's seed) from the unlabeled rows.</summary>
        public override MemberState Train(TrainingSet data, FitSettings fit, AnoOnlyLoss loss, int seed, double epochShare,
            TrainingReporter reporter, CancellationToken cancellation)
        {
            int count = Math.Min(ReferenceRows, data.Unlabeled.Count);
            int[] rows = RowSample.WithoutReplacement(data.Unlabeled.Count, count, new Random(seed));
            var values = new float[count * data.FeatureCount];
            data.Unlabeled.Gather(rows, values);
            var tensors = new Dictionary<string, StoredTensor> { [Reference] = new(new[] { count, data.FeatureCount }, values) };
            return new MemberState(Value, loss, data.FeatureCount, ScoreCombination.Identity, tensors);
        }

        public override IAnomalyScorer CreateScorer(MemberState member) => new NeighborDistanceScorer(member, Neighbors);
    }
}
