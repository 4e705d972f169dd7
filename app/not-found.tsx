import Link from "next/link";

export default function NotFound() {
  return (
    <section className="py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is no story at this address.</p>
      <Link href="/" className="mt-6 inline-block text-blue-700 underline">
        Back to the stories
      </Link>
    </section>
  );
}
