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

        /// <summary>Draws the reference sample (without replacement, from the fit's seed): the confirmed normals first, up to
        /// half of it, since they are known to be normal and an analyst confirms them where the model erred (rows like
        /// them should score low); the unlabeled rows fill the rest, and confirmed normals again when those run out.</summary>
        public override MemberState Train(TrainingSet data, FitSettings fit, AnoOnlyLoss loss, int seed, double epochShare,
            TrainingReporter reporter, CancellationToken cancellation)
        {
            var random = new Random(seed);
            int confirmed = Math.Min(data.ConfirmedNormals.Count, ReferenceRows / 2);
            int unlabeled = Math.Min(ReferenceRows - confirmed, data.Unlabeled.Count);
            confirmed = Math.Min(data.ConfirmedNormals.Count, ReferenceRows - unlabeled);
            int width = data.FeatureCount, count = confirmed + unlabeled;
            var values = new float[count * width];
            data.ConfirmedNormals.Gather(RowSample.WithoutReplacement(data.ConfirmedNormals.Count, confirmed, random),
                values.AsSpan(0, confirmed * width));
            data.Unlabeled.Gather(RowSample.WithoutReplacement(data.Unlabeled.Count, unlabeled, random), values.AsSpan(confirmed * width));
            var tensors = new Dictionary<string, StoredTensor> { [Reference] = new(new[] { count, width }, values) };
            return new MemberState(Value, loss, width, ScoreCombination.Identity, tensors);
        }

        public override IAnomalyScorer CreateScorer(MemberState member) => new NeighborDistanceScorer(member, Neighbors);
    }
}
