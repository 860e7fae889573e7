using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Incidents.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Postmortems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PostmortemAtOrAbove",
                table: "Services",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PostmortemOptOut",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Postmortems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    CustomerImpact = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    RootCause = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    ProblemId = table.Column<long>(type: "INTEGER", nullable: true),
                    WentWell = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    WentBadly = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    GotLucky = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastEditedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastEditedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Timeline = table.Column<string>(type: "TEXT", maxLength: 400000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Postmortems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Postmortems_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Postmortems_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ReviewComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostmortemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewComments_Postmortems_PostmortemId",
                        column: x => x.PostmortemId,
                        principalTable: "Postmortems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewMeetings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostmortemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Uid = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    OnlineUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewMeetings_Postmortems_PostmortemId",
                        column: x => x.PostmortemId,
                        principalTable: "Postmortems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InvitationDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Cancellation = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvitationDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InvitationDeliveries_ReviewMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "ReviewMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingInvitee",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Why = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RespondedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RespondedVia = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingInvitee", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingInvitee_ReviewMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "ReviewMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InvitationDeliveries_MeetingId_Sequence_Target_Channel",
                table: "InvitationDeliveries",
                columns: new[] { "MeetingId", "Sequence", "Target", "Channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InvitationDeliveries_NextAttemptAt",
                table: "InvitationDeliveries",
                column: "NextAttemptAt");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingInvitee_MeetingId_UserId",
                table: "MeetingInvitee",
                columns: new[] { "MeetingId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Postmortems_IncidentId",
                table: "Postmortems",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Postmortems_OwnerId",
                table: "Postmortems",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Postmortems_ProblemId",
                table: "Postmortems",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_Postmortems_Status_DueAt",
                table: "Postmortems",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewComments_PostmortemId_At",
                table: "ReviewComments",
                columns: new[] { "PostmortemId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMeetings_Cancelled_StartsAt",
                table: "ReviewMeetings",
                columns: new[] { "Cancelled", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMeetings_PostmortemId_Cancelled",
                table: "ReviewMeetings",
                columns: new[] { "PostmortemId", "Cancelled" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMeetings_Uid",
                table: "ReviewMeetings",
                column: "Uid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InvitationDeliveries");

            migrationBuilder.DropTable(
                name: "MeetingInvitee");

            migrationBuilder.DropTable(
                name: "ReviewComments");

            migrationBuilder.DropTable(
                name: "ReviewMeetings");

            migrationBuilder.DropTable(
                name: "Postmortems");

            migrationBuilder.DropColumn(
                name: "PostmortemAtOrAbove",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "PostmortemOptOut",
                table: "Services");
        }
    }
}
