using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Incidents.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChatInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChatInbound",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Medium = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatInbound", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Medium = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Conversation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChatInbound_Medium_Key",
                table: "ChatInbound",
                columns: new[] { "Medium", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatInbound_ProcessedAt",
                table: "ChatInbound",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_IncidentId",
                table: "ChatMessages",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_Medium_Conversation_MessageId",
                table: "ChatMessages",
                columns: new[] { "Medium", "Conversation", "MessageId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatInbound");

            migrationBuilder.DropTable(
                name: "ChatMessages");
        }
    }
}
