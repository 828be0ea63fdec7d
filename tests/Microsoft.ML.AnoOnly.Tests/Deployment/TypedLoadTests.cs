using System;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Tests.Reliability;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// <c>mlContext.Model.LoadAnoOnly</c> returns the type <c>Fit</c> returns, whatever ML.NET transformers come before the
    /// AnoOnly model, with its facts as before saving and the same scores; files that hold no usable AnoOnly model at the
    /// end are refused with the typed exception naming the file.
    /// </summary>
    public class TypedLoadTests
    {
        private TempFolder _folder = null!;

        [SetUp]
        public void CreateFolder() => _folder = new TempFolder();

        [TearDown]
        public void DeleteFolder() => _folder.Dispose();

        public sealed class ColumnsRow
        {
            public float A, B, C, D, E, F;
            public float Label;
        }

        private static (MLContext Ml, IDataView Train, IDataView Test) Data()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml, features: 6);
            return (ml, train, test);
        }

        [Test]
        public void NormalizedPipelineLoadsAsTheTypeFitReturns()
        {
            var (ml, train, test) = Data();
            TransformerChain<AnoOnlyTransformer> model = ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions())).Fit(train);
            string path = _folder.File("model.zip");
            ml.Model.Save(model, train.Schema, path);

            TransformerChain<AnoOnlyTransformer> loaded = new MLContext().Model.LoadAnoOnly(path, out DataViewSchema schema);

            Assert.That(schema["Features"].Type, Is.EqualTo(train.Schema["Features"].Type));
            Assert.That(loaded.Count(), Is.EqualTo(2));
            Assert.That(loaded.First(), Is.TypeOf<NormalizingTransformer>());
            AnoOnlyTransformer before = model.LastTransformer, after = loaded.LastTransformer;
            Assert.That((after.Threshold, after.Backbone, after.Loss, after.FeatureCount, after.FeatureColumnName),
                Is.EqualTo((before.Threshold, before.Backbone, before.Loss, before.FeatureCount, before.FeatureColumnName)));
            Assert.That(Scores(loaded, test), Is.EqualTo(Scores(model, test)));
            Assert.That(loaded.Transform(test).GetColumn<bool>("PredictedLabel"), Is.EqualTo(model.Transform(test).GetColumn<bool>("PredictedLabel")));

            // WithThreshold on the loaded model, saved and loaded again.
            var adjusted = new TransformerChain<AnoOnlyTransformer>(loaded.Take(1).Append(after.WithThreshold(-1e9f)).ToArray());
            string again = _folder.File("again.zip");
            ml.Model.Save(adjusted, schema, again);
            TransformerChain<AnoOnlyTransformer> reloaded = ml.Model.LoadAnoOnly(again, out _);
            Assert.That(reloaded.LastTransformer.Threshold, Is.EqualTo(-1e9f));
            Assert.That(reloaded.Transform(test).GetColumn<bool>("PredictedLabel"), Is.All.True);
        }

        [Test]
        public void ConcatenateAndNormalizerBeforeTheModelLoadToo()
        {
            var ml = new MLContext(seed: 1);
            var random = new Random(3);
            ColumnsRow[] rows = Enumerable.Range(0, 400).Select(i =>
            {
                bool anomaly = i % 20 == 0;
                float Value() => (float)(random.NextDouble() + (anomaly ? 2 : 0));
                return new ColumnsRow { A = Value(), B = Value(), C = Value(), D = Value(), E = Value(), F = Value(), Label = anomaly && i % 40 == 0 ? 1 : 0 };
            }).ToArray();
            IDataView data = ml.Data.LoadFromEnumerable(rows);
            var pipeline = ml.Transforms.Concatenate("Features", "A", "B", "C", "D", "E", "F")
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()));
            TransformerChain<AnoOnlyTransformer> model = pipeline.Fit(data);
            string path = _folder.File("columns.zip");
            ml.Model.Save(model, data.Schema, path);

            TransformerChain<AnoOnlyTransformer> loaded = ml.Model.LoadAnoOnly(path, out _);

            Assert.That(loaded.Select(t => t.GetType().Name), Is.EqualTo(new[] { "ColumnConcatenatingTransformer", "NormalizingTransformer", "AnoOnlyTransformer" }));
            Assert.That(Scores(loaded, data), Is.EqualTo(Scores(model, data)));
            using var engine = ml.Model.CreatePredictionEngine<ColumnsRow, ScoreRow>(loaded);
            Assert.That(engine.Predict(rows[5]).Score, Is.EqualTo(Scores(model, data)[5]));
        }

        [Test]
        public void BareModelAndModelSavedWithoutSchemaLoad()
        {
            var (ml, train, test) = Data();
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train);
            string bare = _folder.File("bare.zip"), noSchema = _folder.File("noschema.zip");
            ml.Model.Save(model, train.Schema, bare);
            ml.Model.Save(model, null, noSchema);
            foreach (string path in new[] { bare, noSchema })
            {
                TransformerChain<AnoOnlyTransformer> loaded = ml.Model.LoadAnoOnly(path, out _);
                Assert.That(loaded.Count(), Is.EqualTo(1), path);
                Assert.That(Scores(loaded, test), Is.EqualTo(Scores(model, test)), path);
            }
        }

        [Test]
        public void StreamOverloadLoadsAndLeavesTheStreamOpen()
        {
            var (ml, train, test) = Data();
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train);
            using var stream = new MemoryStream();
            ml.Model.Save(model, train.Schema, stream);
            stream.Position = 0;
            TransformerChain<AnoOnlyTransformer> loaded = ml.Model.LoadAnoOnly(stream, out _);
            Assert.That(Scores(loaded, test), Is.EqualTo(Scores(model, test)));
            Assert.That(stream.CanRead);
        }

        [TestCaseSource(typeof(SavedModelFixtureTests), nameof(SavedModelFixtureTests.Models))]
        public void VersionOneModelsLoadTyped(string name)
        {
            var ml = new MLContext(seed: 1);
            ITransformer plain = ml.Model.Load(FixtureModels.PathOf(name), out _);
            TransformerChain<AnoOnlyTransformer> typed = FixtureModels.Load(ml, name);
            IDataView test = FixtureModels.CardioSplit(ml).Test.ToDataView(ml);
            Assert.That(Scores(typed, test), Is.EqualTo(Scores(plain, test)));
            Assert.That(typed.LastTransformer.Backbone.ToString().ToLowerInvariant() + "-" + typed.LastTransformer.Loss.ToString().ToLowerInvariant(),
                Is.EqualTo(name));
        }

        [Test]
        public void ModelFollowedByAnotherStepIsRefusedNamingTheSteps()
        {
            var (ml, train, _) = Data();
            var model = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions())
                .Append(ml.Transforms.CopyColumns("ScoreCopy", "Score")).Fit(train);
            string path = _folder.File("followed.zip");
            ml.Model.Save(model, train.Schema, path);
            var e = Assert.Throws<AnoOnlyModelFormatException>(() => ml.Model.LoadAnoOnly(path, out _))!;
            TestContext.Out.WriteLine(e.Message);
            Assert.That(e.FilePath, Is.EqualTo(path));
            Assert.That(e.Message, Does.Contain(path).And.Contain("followed by 1 more step(s) (ColumnCopyingTransformer)"));
            Assert.That(ml.Model.Load(path, out _), Is.Not.Null, "Model.Load still reads it");
        }

        [Test]
        public void FileWithoutAnAnoOnlyModelIsRefused()
        {
            var (ml, train, _) = Data();
            string path = _folder.File("other.zip");
            ml.Model.Save(ml.Transforms.NormalizeMinMax("Features").Fit(train), train.Schema, path);
            var e = Assert.Throws<AnoOnlyModelFormatException>(() => ml.Model.LoadAnoOnly(path, out _))!;
            Assert.That(e.FilePath, Is.EqualTo(path));
            Assert.That(e.Message, Does.Contain(path).And.Contain("without an AnoOnly model"));
        }

        [TestCase(0.5)]
        [TestCase(0.99)]
        public void DamagedFileIsRefusedNamingIt(double kept)
        {
            var (ml, train, _) = Data();
            string path = _folder.File("model.zip");
            ml.Model.Save(ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train), train.Schema, path);
            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.AsSpan(0, (int)(bytes.Length * kept)).ToArray());
            var e = Assert.Throws<AnoOnlyModelFormatException>(() => ml.Model.LoadAnoOnly(path, out _))!;
            Assert.That(e.FilePath, Is.EqualTo(path));
            Assert.That(e.Message, Does.Contain(path));
        }

        private static float[] Scores(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float>("Score").ToArray();

        public sealed class ScoreRow
        {
            public float Score;
        }
    }
}
