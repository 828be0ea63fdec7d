using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Sweeps;
using Microsoft.ML.SearchSpace;
using RangeAttribute = Microsoft.ML.SearchSpace.RangeAttribute;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    public class SearchSpaceTests
    {
        [Test]
        public void ReadsTheMarksOnTrainerOptions()
        {
            OptionsSearchSpace space = OptionsSearchSpace.ForTrainerOptions();

            Assert.That(space.Dimensions.Select(d => d.Name),
                Is.EqualTo(new[] { "Backbone", "BatchSize", "LearningRate", "Loss", "NumberOfEpochs" }), "ordered by name, as AutoML orders them");
            SearchDimension backbone = space.Find("Backbone")!;
            Assert.That(backbone.Kind, Is.EqualTo(DimensionKind.Choice));
            Assert.That(backbone.Candidates, Is.EquivalentTo(AnoOnlyBackboneInfo.All.Where(b => b.IsSingleNetwork).Select(b => (object)b.Backbone)),
                "every single network; the ensemble is the sweep's first trial, not a point of the space");
            Assert.That(backbone.Initial, Is.EqualTo(AnoOnlyBackbone.DevNet));
            Assert.That(space.Find("Loss")!.Candidates, Is.EquivalentTo(new object[] { AnoOnlyLoss.AnomalyOnly, AnoOnlyLoss.Full }));

            SearchDimension rate = space.Find("LearningRate")!;
            Assert.That((rate.Kind, rate.Min, rate.Max, rate.LogScale, rate.ValueType, rate.IsNullable),
                Is.EqualTo((DimensionKind.Real, 1e-5, 1e-2, true, typeof(double), true)));
            SearchDimension epochs = space.Find("NumberOfEpochs")!;
            Assert.That((epochs.Kind, epochs.Min, epochs.Max, epochs.LogScale, epochs.ValueType, epochs.Initial),
                Is.EqualTo((DimensionKind.Integer, 10.0, 100.0, true, typeof(int), (object)50)));
            SearchDimension batch = space.Find("BatchSize")!;
            Assert.That((batch.Kind, batch.Min, batch.Max, batch.Initial), Is.EqualTo((DimensionKind.Integer, 16.0, 512.0, (object)64)));
        }

        [Test]
        public void MarksFollowTheRulesOfAutoMLSearchSpace()
        {
            // AutoML's SearchSpace<T> (package Microsoft.ML.SearchSpace, not part of Microsoft.ML 5.0.1 and not
            // referenced here) allows one mark per member, a real range only on a non-integer member, and a choice
            // only on an enum, string or number member. Check the options against those rules directly.
            var members = typeof(AnoOnlyTrainer.Options).GetFields().Cast<System.Reflection.MemberInfo>()
                .Concat(typeof(AnoOnlyTrainer.Options).GetProperties());
            int marked = 0;
            foreach (var member in members)
            {
                var marks = member.GetCustomAttributes(false).Where(a => a is RangeAttribute or ChoiceAttribute or BooleanChoiceAttribute).ToArray();
                Assert.That(marks.Length, Is.LessThanOrEqualTo(1), member.Name);
                if (marks.Length == 0)
                    continue;
                marked++;
                Type type = ((System.Reflection.FieldInfo)member).FieldType;
                Type underlying = Nullable.GetUnderlyingType(type) ?? type;
                if (marks[0] is RangeAttribute range)
                {
                    Assert.That(range.Min.GetType(), Is.EqualTo(underlying == typeof(int) ? typeof(int) : typeof(double)), member.Name);
                    Assert.That(range.Init, Is.Not.Null, $"{member.Name}: the initial value is the DevNet default");
                }
                if (marks[0] is ChoiceAttribute choice)
                {
                    Assert.That(type.IsEnum, member.Name);
                    Assert.That(choice.Candidates.All(c => c.GetType() == type), member.Name);
                }
            }
            Assert.That(marked, Is.EqualTo(4));
            SearchDimension backbone = OptionsSearchSpace.ForTrainerOptions().Find(nameof(AnoOnlyTrainer.Options.Backbone))!;
            Assert.That(backbone.Candidates, Is.EquivalentTo(AnoOnlyBackboneInfo.All.Where(b => b.IsSingleNetwork).Select(b => (object)b.Backbone)),
                "the backbone dimension is every registered network");
        }

        [Test]
        public void NullableMembersGetValuesOfTheirUnderlyingType()
        {
            // [Range] on int? / double?: a sweep sets concrete values; null (backbone default) is what the trainer
            // uses when the member is not searched.
            OptionsSearchSpace space = OptionsSearchSpace.ForTrainerOptions();
            var sampler = new ConfigurationSampler(space, new Random(3));
            foreach (SweepConfiguration configuration in sampler.LatinHypercube(20))
            {
                AnoOnlyTrainer.Options options = configuration.Apply(new AnoOnlyTrainer.Options { FeatureColumnName = "X" });
                Assert.That(options.FeatureColumnName, Is.EqualTo("X"), "unsearched settings are kept");
                Assert.That(options.NumberOfEpochs, Is.InRange(10, 100));
                Assert.That(options.BatchSize, Is.InRange(16, 512));
                Assert.That(options.LearningRate, Is.InRange(1e-5, 1e-2));
            }
        }

        [Test]
        public void UnitCoordinatesRoundTrip()
        {
            OptionsSearchSpace space = OptionsSearchSpace.ForTrainerOptions();
            var sampler = new ConfigurationSampler(space, new Random(5));
            foreach (SweepConfiguration configuration in sampler.LatinHypercube(30))
            {
                SweepConfiguration back = SweepConfiguration.FromUnit(space, configuration.ToUnit());
                Assert.That(back.Key, Is.EqualTo(configuration.Key));
            }
        }

        [Test]
        public void LatinHypercubeCoversEveryStratumOfEachRange()
        {
            OptionsSearchSpace space = OptionsSearchSpace.ForTrainerOptions();
            var sampler = new ConfigurationSampler(space, new Random(9));
            double[][] unit = sampler.LatinHypercube(10).Select(c => c.ToUnit()).ToArray();
            int rate = space.IndexOf("LearningRate");
            Assert.That(unit.Select(u => (int)(u[rate] * 10)).OrderBy(s => s), Is.EqualTo(Enumerable.Range(0, 10)));
        }

        [Test]
        public void BackboneDefaultsMatchTheTrainersDefaults()
        {
            OptionsSearchSpace space = OptionsSearchSpace.ForTrainerOptions().Restrict("Backbone", b => (AnoOnlyBackbone)b == AnoOnlyBackbone.DevNet);
            SweepConfiguration devNet = new ConfigurationSampler(space, new Random(1)).BackboneDefaults().Single();
            Assert.That(devNet.ToString(), Is.EqualTo("Backbone=DevNet, BatchSize=64, LearningRate=0.0002, Loss=AnomalyOnly, NumberOfEpochs=50"));
        }

        [Test]
        public void RejectsContradictoryMarks()
        {
            Assert.That(() => OptionsSearchSpace.Read(typeof(RealRangeOnInteger)), Throws.InvalidOperationException.With.Message.Contains("Count"));
            Assert.That(() => OptionsSearchSpace.Read(typeof(TwoMarks)), Throws.InvalidOperationException.With.Message.Contains("more than one"));
        }

        private sealed class RealRangeOnInteger
        {
            [Range(0.5, 2.0)]
            public int Count { get; set; }
        }

        private sealed class TwoMarks
        {
            [Range(1, 2)]
            [Choice(1, 2)]
            public int Value { get; set; }
        }
    }
}
