using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.Mechanism
{
    /// <summary>
    /// A backbone's network and stages built by the library's own code on small in-memory rows, so the tests can
    /// look at one batch's losses and gradients, and at the network's BatchNorm layers, directly.
    /// </summary>
    internal static class MechanismRig
    {
        /// <summary>Every model the options can select (each backbone and the ensemble) with each loss.</summary>
        public static IEnumerable<object[]> ModelsAndLosses => AnoOnlyBackboneInfo.All
            .SelectMany(b => new[] { new object[] { b.Backbone, AnoOnlyLoss.AnomalyOnly }, new object[] { b.Backbone, AnoOnlyLoss.Full } });

        /// <summary>Every model the options can select (each backbone and the ensemble): tests of the whole trainer.</summary>
        public static IEnumerable<object[]> Backbones => AnoOnlyBackboneInfo.All.Select(b => new object[] { b.Backbone });

        /// <summary>Every registered single-network backbone: tests of one network's stage and losses.</summary>
        public static IEnumerable<object[]> Networks => AnoOnlyBackboneInfo.All.Where(b => b.IsSingleNetwork).Select(b => new object[] { b.Backbone });

        /// <summary>Every registered backbone with each loss: a backbone added to the registry is tested by itself.</summary>
        public static IEnumerable<object[]> BackbonesAndLosses => AnoOnlyBackboneInfo.All.Where(b => b.IsSingleNetwork)
            .SelectMany(b => new[] { new object[] { b.Backbone, AnoOnlyLoss.AnomalyOnly }, new object[] { b.Backbone, AnoOnlyLoss.Full } });

        /// <summary>Rows in [0, 1]: normal rows around 0.4, labeled anomalies around 0.8 on the first half of the features.</summary>
        public static TrainingSet Rows(int unlabeled = 120, int anomalies = 12, int features = 6, int seed = 3)
        {
            var random = new Random(seed);
            var normal = new RowBuffer(features);
            var anomalous = new RowBuffer(features);
            var row = new float[features];
            for (int i = 0; i < unlabeled + anomalies; i++)
            {
                bool anomaly = i >= unlabeled;
                for (int j = 0; j < features; j++)
                    row[j] = (float)(0.4 + 0.15 * (random.NextDouble() - 0.5) + (anomaly && j < features / 2 ? 0.4 : 0));
                (anomaly ? anomalous : normal).Add(row);
            }
            return TrainingSet.FromRows(anomalous, normal);
        }

        /// <summary>The same rows with every unlabeled row's features mirrored (x -> 1 - x); labeled anomalies unchanged.</summary>
        public static TrainingSet WithUnlabeledMirrored(TrainingSet data)
        {
            var mirrored = new RowBuffer(data.FeatureCount);
            var row = new float[data.FeatureCount];
            for (int i = 0; i < data.Unlabeled.Count; i++)
            {
                ReadOnlySpan<float> source = data.Unlabeled.Row(i);
                for (int j = 0; j < row.Length; j++)
                    row[j] = 1 - source[j];
                mirrored.Add(row);
            }
            return TrainingSet.FromRows(data.Anomalies, mirrored);
        }

        /// <summary>
        /// The same rows with <paramref name="count"/> confirmed normals: half of them the first unlabeled rows (moved), half
        /// outlying normals that resemble the labeled anomalies (copies shifted by 0.02). Normal-like and anomaly-like rows
        /// lie on either side of a batch's mean score, so some confirmed normals score high, where their one-sided loss term
        /// is active, whatever the initial weights.
        /// </summary>
        public static TrainingSet WithConfirmedNormals(TrainingSet data, int count)
        {
            int moved = count / 2;
            RowBuffer confirmed = data.Unlabeled.Subset(Enumerable.Range(0, moved).ToArray());
            var row = new float[data.FeatureCount];
            for (int i = 0; i < count - moved; i++)
            {
                ReadOnlySpan<float> anomaly = data.Anomalies.Row(i % data.Anomalies.Count);
                for (int j = 0; j < row.Length; j++)
                    row[j] = anomaly[j] - 0.02f;
                confirmed.Add(row);
            }
            int[] rest = Enumerable.Range(moved, data.Unlabeled.Count - moved).ToArray();
            return TrainingSet.FromRows(data.Anomalies, data.Unlabeled.Subset(rest), confirmed);
        }

        public static TrainingSettings Settings(AnoOnlyBackbone backbone, AnoOnlyLoss loss, bool? batchNorm = null, int? batchSize = 32)
            => TrainingSettings.Resolve(new AnoOnlyTrainer.Options
            {
                Backbone = backbone,
                Loss = loss,
                UseBatchNorm = batchNorm,
                BatchSize = batchSize,
                NumberOfEpochs = 2,
                BatchesPerEpoch = 3,
            }, seed: 1);

        public static IBackboneModel Model(TrainingSettings settings, TrainingSet data)
            => settings.Backbone.CreateModel(settings, data.FeatureCount, CPU, new Random(settings.Seed));

        /// <summary>The stage the AnoOnly rule governs: the last (FEAWAD's autoencoder pretraining comes before it).</summary>
        public static TrainingStage DetectorStage(IBackboneModel model, TrainingSet data) => model.Stages(new BatchSampler(data, CPU)).Last();

        /// <summary>
        /// The gradient of one batch's reduced loss with respect to every parameter of the stage's network, flattened,
        /// with the network in training mode. The batch is drawn with a fixed seed, so two calls on data of the same
        /// shape draw the same rows. <paramref name="alter"/> may change the batch's losses before they are reduced.
        /// </summary>
        public static float[] Gradient(TrainingStage stage, AnoOnlyLoss loss, Func<SampleLosses, SampleLosses>? alter = null)
        {
            stage.Network.train();
            Parameter[] parameters = stage.Network.parameters().ToArray();
            foreach (Parameter p in parameters)
                p.grad?.zero_();
            using (NewDisposeScope())
            {
                SampleLosses losses = stage.BatchLoss(new Random(5));
                LossPolicy.Reduce(alter is null ? losses : alter(losses), loss).backward();
            }
            return parameters.SelectMany(p => p.grad is null ? new float[p.numel()] : p.grad.data<float>().ToArray()).ToArray();
        }

        /// <summary>
        /// A term that depends on the weights wherever the network stands, for tests that give it to some samples: a
        /// backbone's own term may have no gradient at a sample (a one-sided term that is inactive), and changing it would
        /// then prove nothing.
        /// </summary>
        public static Tensor WeightDependentTerm(TrainingStage stage) => stage.Network.parameters().First().pow(2).sum();

        public static BatchNorm1d[] BatchNorms(nn.Module network) => network.modules().OfType<BatchNorm1d>().ToArray();

        /// <summary>The largest absolute difference, relative to the largest gradient entry.</summary>
        public static double RelativeDifference(float[] a, float[] b)
        {
            double scale = Math.Max(1e-12, a.Concat(b).Max(v => Math.Abs((double)v)));
            return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max() / scale;
        }
    }
}
