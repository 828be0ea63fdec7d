using System;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Sweeps;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.TestBackbone
{
    /// <summary>Adding a backbone is one descriptor and one registration: the rest of the library finds it.</summary>
    public class TestBackboneTests
    {
        [Test]
        public void ARegisteredBackboneTrainsSavesLoadsScoresAndIsListedAndSearched()
        {
            using IDisposable registration = BackboneRegistry.Register(new LinearProbeBackbone());
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml, rows: 800);
            var options = new AnoOnlyTrainer.Options { Backbone = LinearProbeBackbone.Value, Seed = 2 };
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);
            float[] scores = model.Transform(test).GetColumn<float>("Score").ToArray();
            double auc = AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly);
            TestContext.Out.WriteLine($"LinearProbe test AUC-ROC {auc:F3}");
            Assert.That(model.Backbone, Is.EqualTo(LinearProbeBackbone.Value));
            Assert.That(auc, Is.GreaterThan(0.9), "the test backbone learns");

            string path = Path.Combine(Path.GetTempPath(), "anoonly-linearprobe-" + Guid.NewGuid().ToString("N") + ".zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                ITransformer loaded = new MLContext().Model.Load(path, out _);
                Assert.That(loaded.Transform(test).GetColumn<float>("Score").ToArray(), Is.EqualTo(scores), "loaded scores, bit for bit");
            }
            finally
            {
                File.Delete(path);
            }

            Assert.That(AnoOnlyBackboneInfo.All.Select(b => b.Name), Has.Member("LinearProbe"));
            Assert.That(AnoOnlyBackboneInfo.TryParse("linearprobe", out AnoOnlyBackbone parsed) && parsed == LinearProbeBackbone.Value);
            Assert.That(OptionsSearchSpace.ForTrainerOptions().Find(nameof(AnoOnlyTrainer.Options.Backbone))!.Candidates,
                Has.Member(LinearProbeBackbone.Value), "the sweep searches it");
        }

        [Test]
        public void AnUnregisteredBackboneIsRefusedByNameBeforeTraining()
        {
            var ml = new MLContext(seed: 1);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
                ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Backbone = LinearProbeBackbone.Value }))!;
            Assert.That(e.ParamName, Is.EqualTo(nameof(AnoOnlyTrainer.Options.Backbone)));
            Assert.That(e.Message, Does.Contain("DevNet"));
        }
    }
}
