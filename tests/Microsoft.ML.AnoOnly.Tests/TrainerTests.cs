using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>Training with the DevNet backbone through ML.NET's life cycle.</summary>
    public class TrainerTests
    {
        internal static AnoOnlyTrainer.Options SmallOptions(AnoOnlyLoss loss = AnoOnlyLoss.AnomalyOnly, int seed = 1) => new()
        {
            Backbone = AnoOnlyBackbone.DevNet,
            Loss = loss,
            Seed = seed,
            NumberOfEpochs = 10,
        };

        [TestCase(AnoOnlyLoss.AnomalyOnly)]
        [TestCase(AnoOnlyLoss.Full)]
        public void DevNetSeparatesAnomaliesAndEvaluateReadsTheOutput(AnoOnlyLoss loss)
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml);
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(SmallOptions(loss)).Fit(train);
            IDataView scored = model.Transform(test);

            float[] scores = scored.GetColumn<float>("Score").ToArray();
            AnomalyDetectionMetrics metrics = ml.AnomalyDetection.Evaluate(scored);
            double auc = AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly);
            Assert.That(auc, Is.GreaterThan(0.9));
            Assert.That(metrics.AreaUnderRocCurve, Is.EqualTo(auc).Within(1e-9), "ML.NET's Evaluate reads the same scores");
            Assert.That(model.Backbone, Is.EqualTo(AnoOnlyBackbone.DevNet));
            Assert.That(model.Loss, Is.EqualTo(loss));
            Assert.That(model.FeatureCount, Is.EqualTo(8));
        }

        [Test]
        public void SameSeedGivesIdenticalScores()
        {
            float[] Run(int seed)
            {
                var ml = new MLContext(seed: seed);
                var (train, test, _) = TestData.SyntheticSplit(ml);
                // Seed left null: drawn from the MLContext's seed.
                var model = ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 5 }).Fit(train);
                return model.Transform(test).GetColumn<float>("Score").ToArray();
            }

            Assert.That(Run(7), Is.EqualTo(Run(7)));
            Assert.That(Run(7), Is.Not.EqualTo(Run(8)));
        }

        [Test]
        public void BooleanLabelTrainsLikeSingleLabel()
        {
            var ml = new MLContext(seed: 1);
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(400, 6, 0.1, 3), 3);
            IDataView singleLabel = split.Train.ToDataView(ml, split.TrainLabels);
            IDataView boolLabel = ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Boolean)
                .Fit(singleLabel).Transform(singleLabel);
            Assert.That(boolLabel.Schema["Label"].Type, Is.EqualTo(BooleanDataViewType.Instance));

            float[] Scores(IDataView train) => ml.AnomalyDetection.Trainers.AnoOnly(SmallOptions()).Fit(train)
                .Transform(split.Test.ToDataView(ml)).GetColumn<float>("Score").ToArray();
            Assert.That(Scores(boolLabel), Is.EqualTo(Scores(singleLabel)));
        }

        [Test]
        public void PredictedLabelIsScoreAboveThresholdAndThresholdFollowsContamination()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml);
            var options = SmallOptions();
            options.Contamination = 0.2;
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);

            float[] trainScores = model.Transform(train).GetColumn<float>("Score").ToArray();
            double flagged = trainScores.Count(s => s > model.Threshold) / (double)trainScores.Length;
            Assert.That(flagged, Is.EqualTo(0.2).Within(0.01), "about Contamination of the training rows lie above the threshold");

            AnoOnlyTransformer stricter = model.WithThreshold(model.Threshold + 1);
            Assert.That(stricter.Threshold, Is.EqualTo(model.Threshold + 1));
            IDataView scored = stricter.Transform(test);
            float[] scores = scored.GetColumn<float>("Score").ToArray();
            bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
            Assert.That(predicted, Is.EqualTo(scores.Select(s => s > stricter.Threshold).ToArray()));
            Assert.That(model.Transform(test).GetColumn<float>("Score").ToArray(), Is.EqualTo(scores), "the threshold does not change scores");
        }

        [Test]
        public void EpochLossesReachMLContextLog()
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            var (train, _, _) = TestData.SyntheticSplit(ml);
            var reports = new List<AnoOnlyTrainingProgress>();
            var progress = new SynchronousProgress(reports.Add);
            // The default ensemble: three networks of one stage each, then the kNN and boosted-trees members, which have no epochs.
            ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 3, Seed = 1, Progress = progress }).Fit(train);
            Assert.That(messages.Count(m => m.Contains("epoch") && m.Contains("mean loss")), Is.EqualTo(9));
            // Each member's epochs come in order; members that train side by side interleave theirs.
            Assert.That(reports.Select(r => r.MemberCount), Is.All.EqualTo(5));
            Assert.That(reports.GroupBy(r => r.MemberNumber).OrderBy(g => g.Key).Select(g => (g.Key, g.First().Stage, string.Join(",", g.Select(r => r.Epoch)))),
                Is.EqualTo(new[] { (1, "DevNet", "1,2,3"), (2, "DeepSAD", "1,2,3"), (3, "PReNet", "1,2,3") }));
            Assert.That(reports.Select(r => r.MeanLoss), Is.All.Matches<double>(double.IsFinite));
        }

        /// <summary>Reports on the training thread, as they come (a <see cref="Progress{T}"/> would post them elsewhere).</summary>
        private sealed class SynchronousProgress : IProgress<AnoOnlyTrainingProgress>
        {
            private readonly Action<AnoOnlyTrainingProgress> _report;

            public SynchronousProgress(Action<AnoOnlyTrainingProgress> report) => _report = report;

            public void Report(AnoOnlyTrainingProgress value) => _report(value);
        }

        [Test]
        public void CancellationStopsTrainingPromptly()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            using var cancellation = new CancellationTokenSource();
            var options = new AnoOnlyTrainer.Options { NumberOfEpochs = 100_000, Seed = 1, CancellationToken = cancellation.Token };
            var trainer = ml.AnomalyDetection.Trainers.AnoOnly(options);
            cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Throws<OperationCanceledException>(() => trainer.Fit(train));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "a 100,000-epoch run stopped early");
        }

        [Test]
        public void CudaRequestWithoutCudaLibtorchSaysWhatIsMissing()
        {
            if (TorchSharp.torch.cuda.is_available())
                Assert.Ignore("This machine has CUDA.");
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            var options = SmallOptions();
            options.Device = AnoOnlyDevice.Cuda;
            var e = Assert.Throws<AnoOnlyTrainingException>(() => ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train));
            Assert.That(e!.Message, Does.Contain("CUDA"));

            options.Device = AnoOnlyDevice.Auto;
            Assert.DoesNotThrow(() => ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train), "Auto falls back to the CPU");
        }

        [Test]
        public void PipelineSchemaPropagationAddsScoreAndPredictedLabel()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            var pipeline = ml.Transforms.NormalizeMinMax("Features").Append(ml.AnomalyDetection.Trainers.AnoOnly());
            // SchemaShape.Create is internal to ML.NET; pipelines call it the same way.
            var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic
                | System.Reflection.BindingFlags.Public, new[] { typeof(DataViewSchema) })!;
            SchemaShape shape = pipeline.GetOutputSchema((SchemaShape)create.Invoke(null, new object[] { train.Schema })!);
            Assert.That(shape.Select(c => c.Name), Does.Contain("Score").And.Contain("PredictedLabel"));
        }
    }
}
