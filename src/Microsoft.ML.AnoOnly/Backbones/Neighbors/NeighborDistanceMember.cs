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

        /// <summary>Draws the reference sample from the fit's seed (<see cref="TrainingSet.SampleNormalRows"/>: confirmed
        /// normals first, up to half): rows like a confirmed normal should score low.</summary>
        public override MemberState Train(TrainingSet data, FitSettings fit, AnoOnlyLoss loss, int seed, double epochShare,
            TrainingReporter reporter, CancellationToken cancellation)
        {
            int width = data.FeatureCount, count = data.NormalSampleSize(ReferenceRows);
            var values = new float[count * width];
            data.SampleNormalRows(ReferenceRows, new Random(seed), values);
            var tensors = new Dictionary<string, StoredTensor> { [Reference] = new(new[] { count, width }, values) };
            return new MemberState(Value, loss, width, ScoreCombination.Identity, tensors);
        }

        public override IAnomalyScorer CreateScorer(MemberState member) => new NeighborDistanceScorer(member, Neighbors);
    }
}
