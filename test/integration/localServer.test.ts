/** The local IMS server over real HTTP: the seed APIs' filters, paging links and errors. */
import { makeImage, generateCatalog, PUBLIC_OWNER } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";

let server: LocalImsServer;

const ids = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const catalog = [
  makeImage({
    id: ids(1),
    created_at: "2018-09-06T14:03:05Z",
    name: "CentOS 7.3 64bit with sdx",
    __platform: "CentOS",
    tags: ["x86"],
  }),
  makeImage({
    id: ids(2),
    created_at: "2018-09-06T14:03:27Z",
    name: "CentOS 7.3 64bit vivado",
    __platform: "CentOS",
    tags: ["x86", "gold"],
  }),
  makeImage({
    id: ids(3),
    created_at: "2018-10-28T10:00:00Z",
    name: "Ubuntu 18.04 server 64bit",
    __platform: "Ubuntu",
    __support_kvm: "true",
  }),
  makeImage({
    id: ids(4),
    created_at: "2020-01-01T00:00:00Z",
    name: "Ubuntu 20.04 server 64bit",
    __platform: "Ubuntu",
    __support_kvm: "true",
    min_disk: 20,
  }),
  makeImage({
    id: ids(5),
    created_at: "2020-01-01T00:00:00Z",
    name: "Windows Server 2019",
    __platform: "Windows",
    __os_type: "Windows",
    size: 10,
  }),
  makeImage({
    id: ids(6),
    created_at: "2021-05-01T00:00:00Z",
    name: "my-app",
    __platform: "Other",
    owner: "c53c1b3f1a6a4a8e9d6bd9b7d3a8b5e1",
    visibility: "private",
    __imagetype: "private",
    protected: false,
  }),
  makeImage(
    {
      id: ids(7),
      created_at: "2021-06-01T00:00:00Z",
      name: "shared-pending",
      __platform: "Other",
      owner: "other",
      visibility: "shared",
      __imagetype: "shared",
    },
    { memberStatus: "pending" },
  ),
  makeImage({ id: ids(8), created_at: "2022-01-01T00:00:00Z", name: "queued", __platform: "Other", status: "queued" }),
  makeImage({ id: ids(9), created_at: "2023-01-01T00:00:00Z", name: "gone", __platform: "Other", status: "deleted" }),
  makeImage({
    id: "abcdef00-0000-4000-8000-00000000000a",
    created_at: "2017-01-01T00:00:00Z",
    name: "oldest",
    __platform: "Other",
  }),
];

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog, auth: { tokens: ["tok-1"] } });
});
afterAll(() => server.close());

async function get(path: string, headers: Record<string, string> = { "x-auth-token": "tok-1" }) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}
const names = (body: any) => body.images.map((i: any) => i.name);

describe("GET /v2/images", () => {
  it("should list newest first, then by id, skipping deleted images", async () => {
    const { body } = await get("/v2/images");
    expect(names(body)).toEqual([
      "queued",
      "my-app",
      "Windows Server 2019",
      "Ubuntu 20.04 server 64bit",
      "Ubuntu 18.04 server 64bit",
      "CentOS 7.3 64bit vivado",
      "CentOS 7.3 64bit with sdx",
      "oldest",
    ]);
    expect(body.first).toBe("/v2/images");
    expect(body.schema).toBe("/v2/schemas/images");
    expect(body.next).toBeUndefined();
  });

  it("should page like the seed example, with marker links", async () => {
    const { body } = await get("/v2/images?__isregistered=true&__imagetype=gold&limit=2");
    expect(body.first).toBe("/v2/images?__isregistered=true&__imagetype=gold&limit=2");
    expect(body.next).toBe(`/v2/images?__isregistered=true&__imagetype=gold&limit=2&marker=${ids(5)}`);
    const next = await get(body.next);
    expect(names(next.body)).toEqual(["Ubuntu 20.04 server 64bit", "Ubuntu 18.04 server 64bit"]);
  });

  it("should keep only the last value of a repeated parameter in links, as Glance does", async () => {
    const { body } = await get("/v2/images?limit=1&tag=x86&tag=gold");
    expect(names(body)).toEqual(["CentOS 7.3 64bit vivado"]);
    expect(body.first).toBe("/v2/images?limit=1&tag=gold");
  });

  it.each([
    ["__platform=Ubuntu", ["Ubuntu 20.04 server 64bit", "Ubuntu 18.04 server 64bit"]],
    ["__platform=ubuntu", []],
    ["__platform=Ubuntu&__platform=CentOS", ["CentOS 7.3 64bit vivado", "CentOS 7.3 64bit with sdx"]],
    ["name=CentOS%207.3%2064bit%20vivado", ["CentOS 7.3 64bit vivado"]],
    ["name=in:my-app,queued", ["queued", "my-app"]],
    ["status=queued", ["queued"]],
    ["status=bogus", []],
    ["visibility=private", ["my-app"]],
    ["visibility=shared&member_status=pending", ["shared-pending"]],
    ["owner=" + PUBLIC_OWNER + "&__os_type=Windows", ["Windows Server 2019"]],
    ["protected=false", ["my-app"]],
    ["min_disk=20", ["Ubuntu 20.04 server 64bit"]],
    ["__support_kvm=true", ["Ubuntu 20.04 server 64bit", "Ubuntu 18.04 server 64bit"]],
    ["tag=x86", ["CentOS 7.3 64bit vivado", "CentOS 7.3 64bit with sdx"]],
    ["created_at=lt:2018-10-28T10:00:00Z", ["CentOS 7.3 64bit vivado", "CentOS 7.3 64bit with sdx", "oldest"]],
    [
      "created_at=lte:2018-10-28T10:00:00Z",
      ["Ubuntu 18.04 server 64bit", "CentOS 7.3 64bit vivado", "CentOS 7.3 64bit with sdx", "oldest"],
    ],
    ["created_at=gt:2020-01-01T00:00:00Z&__imagetype=gold", ["queued"]],
    [
      "created_at=gte:2020-01-01%2000:00:00&__imagetype=gold",
      ["queued", "Windows Server 2019", "Ubuntu 20.04 server 64bit"],
    ],
    ["created_at=eq:2020-01-01T00:00:00Z", ["Windows Server 2019", "Ubuntu 20.04 server 64bit"]],
    ["created_at=neq:2020-01-01T00:00:00Z&__platform=Ubuntu", ["Ubuntu 18.04 server 64bit"]],
    ["created_at=gt:2020-01-01T07:00:00%2B08:00&__platform=Ubuntu", ["Ubuntu 20.04 server 64bit"]],
    ["updated_at=lt:2018-09-06T14:03:10Z", ["CentOS 7.3 64bit with sdx", "oldest"]],
    ["created_at=lt:2030-01-01T00:00:00Z&created_at=lt:2018-09-06T14:03:10Z", ["CentOS 7.3 64bit with sdx", "oldest"]],
    [
      "sort_key=name&sort_dir=asc&__imagetype=gold",
      [
        "CentOS 7.3 64bit vivado",
        "CentOS 7.3 64bit with sdx",
        "Ubuntu 18.04 server 64bit",
        "Ubuntu 20.04 server 64bit",
        "Windows Server 2019",
        "oldest",
        "queued",
      ],
    ],
    ["sort=name:asc&__platform=CentOS", ["CentOS 7.3 64bit vivado", "CentOS 7.3 64bit with sdx"]],
    ["size_min=5", ["Windows Server 2019"]],
    ["foo=bar", []],
    ["limit=0", []],
  ])("should filter %s", async (query, expected) => {
    const { status, body } = await get(`/v2/images?${query}`);
    expect(status).toBe(200);
    expect(names(body)).toEqual(expected);
  });

  it("should clamp limit to the maximum and start after the marker", async () => {
    const { body } = await get(`/v2/images?limit=5000&marker=${ids(4)}`);
    expect(names(body)).toEqual([
      "Ubuntu 18.04 server 64bit",
      "CentOS 7.3 64bit vivado",
      "CentOS 7.3 64bit with sdx",
      "oldest",
    ]);
  });

  it.each([
    ["limit=-1", 400, "limit param must be positive"],
    ["limit=abc", 400, "limit param must be an integer"],
    ["marker=nope", 400, "No image found with ID nope"],
    [
      "sort_key=__platform",
      400,
      "Invalid sort key: __platform. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.",
    ],
    ["sort_dir=up", 400, "Invalid sort direction: up"],
    [
      "sort_key=name&sort_key=id&sort_dir=asc&sort_dir=desc&sort_dir=asc",
      400,
      "Number of sort dirs does not match the number of sort keys",
    ],
    ["sort=name&sort_key=id", 400, "Old and new sorting syntax cannot be combined"],
    ["visibility=bogus", 400, "Invalid visibility value: bogus"],
    ["member_status=bogus", 400, "Invalid status: bogus"],
    ["protected=yes", 400, "Invalid value 'yes' for 'protected' filter. Valid values are 'true' or 'false'."],
    ["name=neq:x", 400, "Unable to filter by unknown operator 'neq'."],
    ["created_at=lt:yesterday", 400, 'Bad "created_at" query filter format. Use ISO 8601 DateTime notation.'],
    [
      "created_at=lt:2018-10-28T10:00:00+08:00",
      400,
      'Bad "created_at" query filter format. Use ISO 8601 DateTime notation.',
    ],
    ["created_at=foo:2018-10-28T10:00:00Z", 400, "Unable to filter on a unknown operator."],
    ["changes-since=2018-01-01", 400, 'The "changes-since" filter is no longer available on v2.'],
    ["size_min=big", 400, "Unable to filter on a range with a non-numeric value."],
    ["__os_bit_max=64", 500, "The server has either erred or is incapable of performing the requested operation."],
  ])("should answer %s with %i", async (query, status, message) => {
    const res = await get(`/v2/images?${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
    expect(res.body.error.code).toMatch(/^IMG\.\d{4}$/);
    expect(res.headers.get("x-openstack-request-id")).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it("should answer 401 without a valid token", async () => {
    expect((await get("/v2/images", {})).status).toBe(401);
    expect((await get("/v2/images", { "x-auth-token": "nope" })).body.error).toEqual({
      code: "IMG.0003",
      message: "Authentication required",
    });
  });
});

describe("GET /v2/images/{id}", () => {
  it("should return the image as stored", async () => {
    const { status, body } = await get(`/v2/images/${ids(2)}`);
    expect(status).toBe(200);
    expect(body).toEqual(catalog[1]!.json);
  });
  it.each([ids(9), ids(99), "not-a-uuid", "ABCDEF00-0000-4000-8000-00000000000A"])(
    "should answer 404 for %s",
    async (id) => {
      const res = await get(`/v2/images/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No image found with ID ${id}`);
    },
  );
});

describe("generateCatalog()", () => {
  it("should be deterministic and realistic", () => {
    const a = generateCatalog({ count: 200, seed: 1 });
    expect(generateCatalog({ count: 200, seed: 1 })).toEqual(a);
    const platforms = new Set(a.map((i) => i.json.__platform));
    for (const p of ["Ubuntu", "CentOS", "EulerOS", "Debian", "Windows"]) expect(platforms).toContain(p);
    const years = new Set(a.map((i) => String(i.json.created_at).slice(0, 4)));
    expect(years.size).toBeGreaterThanOrEqual(9);
    expect(new Set(a.map((i) => i.json.id)).size).toBe(200);
    for (const i of a) expect(i.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
