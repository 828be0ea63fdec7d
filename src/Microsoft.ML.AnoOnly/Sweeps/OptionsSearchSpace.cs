using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.SearchSpace;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>
    /// The search space declared on an options class with ML.NET's public <see cref="ChoiceAttribute"/>,
    /// <see cref="RangeAttribute"/> and <see cref="BooleanChoiceAttribute"/>, read by reflection with the rules
    /// AutoML's <c>SearchSpace&lt;T&gt;</c> applies (public instance fields and properties, one mark per member,
    /// no real range on an integer member, dimensions ordered by name), so both read the same space.
    /// </summary>
    internal sealed class OptionsSearchSpace
    {
        private OptionsSearchSpace(IReadOnlyList<SearchDimension> dimensions) => Dimensions = dimensions;

        /// <summary>The searched settings, ordered by name.</summary>
        public IReadOnlyList<SearchDimension> Dimensions { get; }

        /// <summary>
        /// The search space of <see cref="AnoOnlyTrainer.Options"/>: its marked settings, and the backbone, whose
        /// candidates are every registered network (a backbone added to the library joins the search by itself). The
        /// ensemble is not a point of this space: the sweep evaluates it as its first trial, untuned (docs/sweeps.md).
        /// </summary>
        public static OptionsSearchSpace ForTrainerOptions()
        {
            OptionsSearchSpace marked = Read(typeof(AnoOnlyTrainer.Options));
            MemberInfo backbone = typeof(AnoOnlyTrainer.Options).GetField(nameof(AnoOnlyTrainer.Options.Backbone))!;
            object[] candidates = BackboneRegistry.All.Select(d => (object)d.Id).ToArray();
            var dimensions = marked.Dimensions.Append(new SearchDimension(backbone, DimensionKind.Choice, candidates, 0, 0, false,
                candidates[0])).ToList();
            dimensions.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return new OptionsSearchSpace(dimensions);
        }

        /// <summary>Reads the marks on the public instance fields and properties of <paramref name="optionsType"/>.</summary>
        public static OptionsSearchSpace Read(Type optionsType)
        {
            var dimensions = new List<SearchDimension>();
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
            IEnumerable<MemberInfo> members = optionsType.GetFields(flags).Cast<MemberInfo>()
                .Concat(optionsType.GetProperties(flags).Where(p => p.CanRead && p.CanWrite));
            foreach (MemberInfo member in members)
            {
                SearchDimension? dimension = ReadMember(optionsType, member);
                if (dimension != null)
                    dimensions.Add(dimension);
            }
            dimensions.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return new OptionsSearchSpace(dimensions);
        }

        /// <summary>The dimension named <paramref name="name"/>, or null.</summary>
        public SearchDimension? Find(string name) => Dimensions.FirstOrDefault(d => d.Name == name);

        /// <summary>The index of the dimension named <paramref name="name"/>, or -1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Dimensions.Count; i++)
            {
                if (Dimensions[i].Name == name)
                    return i;
            }
            return -1;
        }

        /// <summary>The same space with the candidates of choice <paramref name="name"/> filtered by <paramref name="keep"/>.</summary>
        public OptionsSearchSpace Restrict(string name, Func<object, bool> keep)
            => new(Dimensions.Select(d => d.Name == name ? d.WithCandidates(keep) : d).ToArray());

        /// <summary>The same space with the range <paramref name="name"/> narrowed to [<paramref name="min"/>, <paramref name="max"/>].</summary>
        public OptionsSearchSpace Narrow(string name, double min, double max)
            => new(Dimensions.Select(d => d.Name == name ? d.WithRange(min, max) : d).ToArray());

        private static SearchDimension? ReadMember(Type optionsType, MemberInfo member)
        {
            var marks = member.GetCustomAttributes(inherit: false)
                .Where(a => a is ChoiceAttribute || a is RangeAttribute || a is BooleanChoiceAttribute).ToArray();
            if (marks.Length == 0)
                return null;
            string where = $"{optionsType.Name}.{member.Name}";
            if (marks.Length > 1)
                throw new InvalidOperationException($"{where} carries more than one of [Choice], [Range], [BooleanChoice].");
            Type memberType = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
            Type valueType = Nullable.GetUnderlyingType(memberType) ?? memberType;
            switch (marks[0])
            {
                case BooleanChoiceAttribute boolean:
                    if (valueType != typeof(bool))
                        throw new InvalidOperationException($"{where}: [BooleanChoice] needs a bool member, not {memberType.Name}.");
                    return new SearchDimension(member, DimensionKind.Choice, new object[] { false, true }, 0, 0, false, boolean.DefaultValue);
                case ChoiceAttribute choice:
                    object[] candidates = choice.Candidates ?? Array.Empty<object>();
                    if (candidates.Length == 0)
                        throw new InvalidOperationException($"{where}: [Choice] has no candidate.");
                    object? bad = candidates.FirstOrDefault(c => c is null || !valueType.IsInstanceOfType(c));
                    if (bad != null || candidates.Any(c => c is null))
                        throw new InvalidOperationException($"{where}: [Choice] candidate '{bad}' is not a {valueType.Name}.");
                    if (choice.DefaultValue != null && !candidates.Contains(choice.DefaultValue))
                        throw new InvalidOperationException($"{where}: [Choice] default '{choice.DefaultValue}' is not a candidate.");
                    return new SearchDimension(member, DimensionKind.Choice, candidates, 0, 0, false, choice.DefaultValue);
                default:
                    var range = (RangeAttribute)marks[0];
                    bool integerRange = range.Min is int;
                    bool integerMember = valueType == typeof(int) || valueType == typeof(long) || valueType == typeof(short);
                    if (!integerMember && valueType != typeof(double) && valueType != typeof(float))
                        throw new InvalidOperationException($"{where}: [Range] needs a numeric member, not {memberType.Name}.");
                    if (integerMember && !integerRange)
                        throw new InvalidOperationException($"{where}: a real [Range] cannot apply to the integer member {memberType.Name}.");
                    double min = Convert.ToDouble(range.Min, CultureInfo.InvariantCulture);
                    double max = Convert.ToDouble(range.Max, CultureInfo.InvariantCulture);
                    if (!(min < max) || (range.LogBase && !(min > 0)))
                        throw new InvalidOperationException($"{where}: [Range] needs min < max, and min > 0 on a log scale.");
                    DimensionKind kind = integerMember ? DimensionKind.Integer : DimensionKind.Real;
                    object? initial = range.Init is null
                        ? null
                        : Convert.ChangeType(range.Init, valueType, CultureInfo.InvariantCulture);
                    return new SearchDimension(member, kind, Array.Empty<object>(), min, max, range.LogBase, initial);
            }
        }
    }
}
