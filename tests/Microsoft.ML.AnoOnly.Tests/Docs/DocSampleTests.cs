using System;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Docs
{
    /// <summary>
    /// The code samples of docs/thresholds.md, docs/options.md and docs/save-load-deploy.md that no example
    /// project holds: compiled and run here. The docs quote the regions between <c>// &lt;name&gt;</c> and
    /// <c>// &lt;/name&gt;</c> verbatim (DocSnippetTests checks that they match).
    /// </summary>
    public sealed class DocSampleTests
    {
        [Test]
        public void ThresholdSamples()
        {
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(600, 8, 0.1, seed: 2), seed: 2);
            var mlContext = new MLContext(seed: 1);
            IDataView trainData = split.Train.ToDataView(mlContext, split.TrainLabels);
            IDataView validationData = split.Test.ToDataView(mlContext);

            // <threshold-contamination>
            // Expect about 5% anomalies: the threshold becomes the 95th percentile of the training rows' scores.
            var pipeline = mlContext.Transforms.NormalizeMinMax("Features")
                .Append(mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options
                {
                    Contamination = 0.05,
                    NumberOfEpochs = 10,
                    Seed = 1,
                }));
            TransformerChain<AnoOnlyTransformer> model = pipeline.Fit(trainData);
            AnoOnlyTransformer detector = model.LastTransformer;
            Console.WriteLine($"PredictedLabel = Score > {detector.Threshold}");
            // </threshold-contamination>

            IDataView scoredTrain = model.Transform(trainData);
            double flaggedShare = scoredTrain.GetColumn<bool>("PredictedLabel").Count(f => f) / (double)split.Train.Count;
            Assert.That(flaggedShare, Is.EqualTo(0.05).Within(0.01), "Contamination sets the share of training rows flagged");

            // <threshold-budget>
            // At most 10 alerts per validation-sized batch: the threshold is the 11th highest validation score.
            const int alertBudget = 10;
            float[] validationScores = model.Transform(validationData).GetColumn<float>("Score")
                .OrderByDescending(score => score).ToArray();
            AnoOnlyTransformer budgeted = detector.WithThreshold(validationScores[alertBudget]);

            // Put the re-thresholded detector back at the end of the pipeline, then save it as usual.
            var adjusted = new TransformerChain<AnoOnlyTransformer>(
                model.Take(model.Count() - 1).Append(budgeted).ToArray());
            mlContext.Model.Save(adjusted, trainData.Schema, "budgeted-model.zip");
            // </threshold-budget>

            try
            {
                int flagged = adjusted.Transform(validationData).GetColumn<bool>("PredictedLabel").Count(f => f);
                Assert.That(flagged, Is.LessThanOrEqualTo(alertBudget));
                ITransformer loaded = mlContext.Model.Load("budgeted-model.zip", out _);
                int flaggedAfterLoad = loaded.Transform(validationData).GetColumn<bool>("PredictedLabel").Count(f => f);
                Assert.That(flaggedAfterLoad, Is.EqualTo(flagged), "the threshold is saved with the model");
                Assert.That(detector.Threshold, Is.Not.EqualTo(budgeted.Threshold));
            }
            finally
            {
                File.Delete("budgeted-model.zip");
            }
        }

        [Test]
        public void OptionsSample()
        {
            var mlContext = new MLContext(seed: 1);
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(300, 4, 0.1, seed: 4), seed: 4);
            IDataView data = split.Train.ToDataView(mlContext, split.TrainLabels);

            // <options>
            var trainer = mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options
            {
                FeatureColumnName = "Features",
                LabelColumnName = "Label",
                Backbone = AnoOnlyBackbone.DevNet,
                Loss = AnoOnlyLoss.AnomalyOnly,
                NumberOfEpochs = 5,      // null: the backbone's default
                BatchSize = 32,          // null: the backbone's default
                LearningRate = 1e-3,     // null: the backbone's default
                Contamination = 0.1,
                Seed = 42,
            });
            // The short form takes the columns, the backbone and the seed:
            var sameDefaults = mlContext.AnomalyDetection.Trainers.AnoOnly(
                featureColumnName: "Features", labelColumnName: "Label", backbone: AnoOnlyBackbone.DevNet, seed: 42);
            // </options>

            AnoOnlyTransformer model = trainer.Fit(data);
            Assert.That(model.Backbone, Is.EqualTo(AnoOnlyBackbone.DevNet));
            Assert.That(model.FeatureCount, Is.EqualTo(4));
            Assert.That(sameDefaults, Is.Not.Null);
        }

        [Test]
        public void SaveAndLoadSample()
        {
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(300, 4, 0.1, seed: 6), seed: 6);
            string modelPath = Path.Combine(Path.GetTempPath(), "anoonly-doc-" + Guid.NewGuid().ToString("N") + ".zip");
            var trainContext = new MLContext(seed: 1);
            IDataView trainData = split.Train.ToDataView(trainContext, split.TrainLabels);
            try
            {
                // <save>
                var mlContext = new MLContext(seed: 1);
                var pipeline = mlContext.Transforms.NormalizeMinMax("Features")
                    .Append(mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 5, Seed = 1 }));
                ITransformer model = pipeline.Fit(trainData);
                mlContext.Model.Save(model, trainData.Schema, modelPath);
                // </save>

                IDataView newData = split.Test.ToDataView(trainContext);
                // <load>
                // Any process that deploys Microsoft.ML.AnoOnly can load the zip; no registration call is needed.
                var scoringContext = new MLContext();
                ITransformer loaded = scoringContext.Model.Load(modelPath, out DataViewSchema inputSchema);
                IDataView scored = loaded.Transform(newData);
                float[] scores = scored.GetColumn<float>("Score").ToArray();
                bool[] flagged = scored.GetColumn<bool>("PredictedLabel").ToArray();
                // </load>

                float[] expected = model.Transform(newData).GetColumn<float>("Score").ToArray();
                Assert.That(scores, Is.EqualTo(expected), "the loaded model scores exactly as the trained one");
                Assert.That(flagged.Length, Is.EqualTo(split.Test.Count));
                Assert.That(inputSchema.GetColumnOrNull("Features"), Is.Not.Null);
            }
            finally
            {
                File.Delete(modelPath);
            }
        }

        [Test]
        public void TypedLoadExplanationAndOnnxSamples()
        {
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(300, 4, 0.1, seed: 6), seed: 6);
            string modelPath = Path.Combine(Path.GetTempPath(), "anoonly-doc-" + Guid.NewGuid().ToString("N") + ".zip");
            string onnxPath = Path.ChangeExtension(modelPath, ".onnx");
            var trainContext = new MLContext(seed: 1);
            IDataView trainData = split.Train.ToDataView(trainContext, split.TrainLabels);
            IDataView newData = split.Test.ToDataView(trainContext);
            var trained = trainContext.Transforms.NormalizeMinMax("Features")
                .Append(trainContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 5, Seed = 1 })).Fit(trainData);
            trainContext.Model.Save(trained, trainData.Schema, modelPath);
            try
            {
                // <load-typed>
                var mlContext = new MLContext();
                // The type Fit returned: the normalizer, then the AnoOnly model with its facts and threshold.
                TransformerChain<AnoOnlyTransformer> model = mlContext.Model.LoadAnoOnly(modelPath, out DataViewSchema inputSchema);
                AnoOnlyTransformer detector = model.LastTransformer;
                Console.WriteLine($"{detector.Backbone}, {detector.Loss} loss, {detector.FeatureCount} features, threshold {detector.Threshold}");
                IDataView scored = model.Transform(newData);
                // </load-typed>

                // <explain>
                // FeatureContributions: one value per feature; they add up to Score(row) - Score(normal reference).
                var explainer = mlContext.Transforms.CalculateAnoOnlyFeatureContribution(model.LastTransformer).Fit(scored);
                IDataView explained = explainer.Transform(scored);
                float[][] contributions = explained.GetColumn<float[]>("FeatureContributions").ToArray();
                // </explain>

                // <onnx>
                // Input Features [N, d] (the raw values: the normalizer is folded in); outputs Score [N], PredictedLabel [N].
                using (FileStream onnx = File.Create(onnxPath))
                    mlContext.Model.ConvertAnoOnlyToOnnx(model, onnx);
                // </onnx>

                Assert.That(scored.GetColumn<float>("Score").ToArray(), Is.EqualTo(trained.Transform(newData).GetColumn<float>("Score").ToArray()));
                float referenceScore = detector.Scorer.Score(explainer.NormalReference.ToArray());
                float[] scores = explained.GetColumn<float>("Score").ToArray();
                for (int i = 0; i < scores.Length; i++)
                    Assert.That(contributions[i].Sum(), Is.EqualTo(scores[i] - referenceScore).Within(1e-3 * (1 + Math.Abs(scores[i] - referenceScore))));
                Deployment.OnnxExportTests.AssertSameScores(File.ReadAllBytes(onnxPath), split.Test.Features, scores,
                    explained.GetColumn<bool>("PredictedLabel").ToArray(), detector.Threshold);
            }
            finally
            {
                File.Delete(modelPath);
                File.Delete(onnxPath);
            }
        }
    }
}
