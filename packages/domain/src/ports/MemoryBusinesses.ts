import { Array as Arr, Effect, Either, Layer, Option, Ref } from "effect"
import type { Business } from "../model/Business.js"
import { BusinessNotFound, PersistenceError, PhoneNumberInUse } from "../model/Errors.js"
import type { BusinessId } from "../model/Ids.js"
import { Businesses } from "./Businesses.js"

/** A number that `business` wants but another business already has (the database's unique index). */
const phoneClash = (all: ReadonlyArray<Business>, business: Business): Option.Option<string> =>
  Arr.findFirst(business.phoneNumbers, (phone) =>
    all.some((other) => other.id !== business.id && other.phoneNumbers.includes(phone)),
  )

type Failure = BusinessNotFound | PhoneNumberInUse | PersistenceError

export const make = Effect.gen(function* () {
  // Insertion order is kept so `list` is stable.
  const ref = yield* Ref.make<ReadonlyArray<Business>>([])

  const write = <E extends Failure>(f: (all: ReadonlyArray<Business>) => Either.Either<ReadonlyArray<Business>, E>) =>
    Effect.flatten(
      Ref.modify(ref, (all): readonly [Either.Either<void, E>, ReadonlyArray<Business>] => {
        const result = f(all)
        return Either.isLeft(result) ? [Either.left(result.left), all] : [Either.void, result.right]
      }),
    )

  return Businesses.of({
    get: (id: BusinessId) =>
      Effect.flatMap(Ref.get(ref), (all) =>
        Option.match(
          Arr.findFirst(all, (b) => b.id === id),
          {
            onNone: () => Effect.fail(new BusinessNotFound({ businessId: id })),
            onSome: Effect.succeed,
          },
        ),
      ),

    findByPhoneNumber: (phone) =>
      Effect.map(Ref.get(ref), (all) => Arr.findFirst(all, (b) => b.phoneNumbers.includes(phone))),

    create: (business) =>
      Effect.as(
        write((all): Either.Either<ReadonlyArray<Business>, PhoneNumberInUse | PersistenceError> => {
          if (all.some((b) => b.id === business.id)) {
            return Either.left(new PersistenceError({ message: `business ${business.id} already exists` }))
          }
          return Option.match(phoneClash(all, business), {
            onNone: () => Either.right(Arr.append(all, business)),
            onSome: (phoneNumber) => Either.left(new PhoneNumberInUse({ phoneNumber })),
          })
        }),
        business,
      ),

    update: (business) =>
      Effect.as(
        write((all): Either.Either<ReadonlyArray<Business>, Failure> => {
          if (!all.some((b) => b.id === business.id)) {
            return Either.left(new BusinessNotFound({ businessId: business.id }))
          }
          return Option.match(phoneClash(all, business), {
            onNone: () => Either.right(Arr.map(all, (b) => (b.id === business.id ? business : b))),
            onSome: (phoneNumber) => Either.left(new PhoneNumberInUse({ phoneNumber })),
          })
        }),
        business,
      ),

    list: Ref.get(ref),
  })
})

export const layerMemory: Layer.Layer<Businesses> = Layer.effect(Businesses, make)
